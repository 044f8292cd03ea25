import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useApi } from "../../../lib/apiContext";
import type { JobId } from "../../../lib/apiTypes";
import { findListedJob, jobKeys } from "../../../lib/jobsCache";

/** One job with its events and people. Shown at once from a loaded list page when there is
 * one, and fetched at once all the same: the list's items leave the people out. */
export function useJob(id: JobId) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: jobKeys.detail(id),
    queryFn: ({ signal }) => api.get("/api/tracked/{job_id}", { path: { job_id: id }, signal }),
    initialData: () => findListedJob(queryClient, id)?.job,
    // A list item is stale for the job view whatever its age (no `contacts`): fetch on mount.
    initialDataUpdatedAt: 0,
  });
}
