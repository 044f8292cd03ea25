import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useApi } from "../../../lib/apiContext";
import type { JobId } from "../../../lib/apiTypes";
import { findListedJob, jobKeys } from "../../../lib/jobsCache";

/** One job with its events. Shown at once from a loaded list page when there is one, and
 * fetched again when that copy is older than the cache's stale time. */
export function useJob(id: JobId) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: jobKeys.detail(id),
    queryFn: ({ signal }) => api.get("/api/tracked/{job_id}", { path: { job_id: id }, signal }),
    initialData: () => findListedJob(queryClient, id)?.job,
    initialDataUpdatedAt: () => findListedJob(queryClient, id)?.updatedAt,
  });
}
