/** The list, filtered and paged by the API: search and filters reach every job, not only the
 * loaded ones. One cache entry per set of filters; "Load more" follows next_cursor. */
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useApi } from "../../../lib/apiContext";
import { jobKeys } from "../../../lib/jobsCache";
import { apiFilters, type JobFilters } from "../model/filters";

export const PAGE_SIZE = 100;

export function useJobsList(filters: JobFilters) {
  const api = useApi();
  const f = apiFilters(filters);
  return useInfiniteQuery({
    queryKey: jobKeys.list(f),
    queryFn: ({ pageParam, signal }) =>
      api.get("/api/tracked", {
        query: {
          q: f.q || undefined,
          stage: f.stages.length ? f.stages : undefined,
          active: f.active || undefined,
          cursor: pageParam ?? undefined,
          limit: PAGE_SIZE,
        },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    // While another search loads, keep showing the last answer (marked busy) instead of a blank.
    placeholderData: keepPreviousData,
  });
}
