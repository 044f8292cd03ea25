/** GET /api/report: the rows for a range (server state), and the same rows as a CSV file. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ApiClient } from "../../../lib/apiClient";
import { useApi } from "../../../lib/apiContext";
import { saveFile } from "../../../lib/saveFile";
import { csvFileName, type DateRange } from "../model/reportModel";

const reportKeys = {
  range: (range: DateRange) => ["report", range.from, range.to] as const,
};

/** The report for `range`; nothing is asked while `range` is null (a custom range not chosen
 * yet). The previous rows stay on screen while the next range loads. */
export function useReport(range: DateRange | null) {
  const api = useApi();
  return useQuery({
    queryKey: range ? reportKeys.range(range) : ["report", "none"],
    enabled: range !== null,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      api.get("/api/report", {
        query: { from: range!.from, to: range!.to, format: "json" },
        signal,
      }),
  });
}

/** GET /api/report?format=csv, saved as the API names it. */
export async function downloadReportCsv(api: ApiClient, range: DateRange): Promise<void> {
  const text = (await api.get("/api/report", {
    query: { from: range.from, to: range.to, format: "csv" },
    headers: { Accept: "text/csv" },
    responseType: "text",
  })) as unknown as string;
  saveFile(new Blob([text], { type: "text/csv;charset=utf-8" }), csvFileName(range));
}
