/** "Mark as rejected" from a follow-up: a `rejected` event dated today with the reason "no
 * response" (as its category and in words); then the job, the lists and the insights are
 * refreshed. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { newIdempotencyKey } from "../../../lib/apiClient";
import { useApi } from "../../../lib/apiContext";
import type { JobId } from "../../../lib/apiTypes";
import { todayIso } from "../../../lib/format";
import { jobKeys, writeJob } from "../../../lib/jobsCache";
import { insightsKeys } from "./useInsights";

export function useMarkRejected() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ jobId, key }: { jobId: JobId; key: string }) =>
      api.post("/api/tracked/{job_id}/events", {
        path: { job_id: jobId },
        body: {
          event_type: "rejected",
          event_date: todayIso(),
          note: { reason_category: "no_response", reason: "no response" },
        },
        headers: { "Idempotency-Key": key },
      }),
    onSuccess: (job) => {
      writeJob(queryClient, job);
    },
    onSettled: (_data, _error, { jobId }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: jobKeys.detail(jobId) }),
        queryClient.invalidateQueries({ queryKey: jobKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: insightsKeys.all }),
      ]),
  });
}

export const rejectKey = newIdempotencyKey;
