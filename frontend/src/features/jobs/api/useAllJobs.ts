/** Every one of the user's jobs that match the filters, for the views that sort or group them
 * (the table sorts by any column, the board groups by stage): the page holds all matching jobs
 * before it sorts, never a sort of whichever page happens to be loaded. The API filters (search,
 * stages, active only) and pages (500 per request, following next_cursor); one cache entry per
 * set of filters, shared with the job view's writers through jobKeys.lists(). */
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useMemo } from "react";
import { useApi } from "../../../lib/apiContext";
import type { TrackedJob } from "../../../lib/apiTypes";
import { jobKeys } from "../../../lib/jobsCache";
import { apiFilters, type JobFilters } from "../model/filters";

export const ALL_PAGE_SIZE = 500;

export function useAllJobs(filters: JobFilters) {
  const api = useApi();
  const f = apiFilters(filters);
  const query = useInfiniteQuery({
    queryKey: jobKeys.list({ ...f, all: true }),
    queryFn: ({ pageParam, signal }) =>
      api.get("/api/tracked", {
        query: {
          q: f.q || undefined,
          stage: f.stages.length ? f.stages : undefined,
          active: f.active || undefined,
          cursor: pageParam ?? undefined,
          limit: ALL_PAGE_SIZE,
        },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const { hasNextPage, isFetchingNextPage, fetchNextPage, isError } = query;
  // Keep reading until the last page: the views need every matching job.
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isError) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, isError, fetchNextPage]);
  const jobs = useMemo<TrackedJob[]>(
    () => query.data?.pages.flatMap((p) => p.items) ?? [],
    [query.data],
  );
  return {
    jobs,
    /** true until every page is in (a sort or a board before that would be partial) */
    complete: query.isSuccess && !hasNextPage,
    isPending: query.isPending,
    /** true while another set of filters loads and the previous answer is still shown */
    isPlaceholderData: query.isPlaceholderData,
    isError,
    error: query.error,
    isFetching: query.isFetching,
    refetch: query.refetch,
  };
}
