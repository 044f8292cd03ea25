/** The user's tags, most used first (GET /api/tags): the suggestions when tagging a job and the
 * choices of the table's tag filter. */
import { useQuery } from "@tanstack/react-query";
import { useApi } from "./apiContext";
import { jobKeys } from "./jobsCache";

export function useTags({ enabled = true }: { enabled?: boolean } = {}) {
  const api = useApi();
  const query = useQuery({
    queryKey: jobKeys.tags(),
    queryFn: ({ signal }) => api.get("/api/tags", { signal }),
    enabled,
  });
  return query.data?.items ?? [];
}
