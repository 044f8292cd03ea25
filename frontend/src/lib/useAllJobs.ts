/** Every one of the user's jobs that match the filters, for the views that sort or group them
 * (the table sorts by any column, the board groups by stage): the page holds all matching jobs
 * before it sorts, never a sort of whichever page happens to be loaded. The API filters (search,
 * stages, active only, tags, priority) and pages (500 per request, following next_cursor); one cache entry per
 * set of filters, shared with the job view's writers through jobKeys.lists(). */
import {
  hashKey,
  infiniteQueryOptions,
  keepPreviousData,
  useInfiniteQuery,
  useQueryClient,
  type QueryClient,
  type QueryKey,
} from "@tanstack/react-query";
import { useEffect, useLayoutEffect, useMemo, useReducer } from "react";
import { flushSync } from "react-dom";
import type { ApiClient } from "./apiClient";
import { useApi } from "./apiContext";
import type { TrackedJob } from "./apiTypes";
import { jobKeys } from "./jobsCache";
import { apiFilters, parseFilters, type JobFilters } from "./jobFilters";

const ALL_PAGE_SIZE = 500;

/** The query of every matching job (its first page; useAllJobs reads the rest). */
function allJobsQuery(api: ApiClient, filters: JobFilters) {
  const f = apiFilters(filters);
  return infiniteQueryOptions({
    queryKey: jobKeys.list({ ...f, all: true }),
    queryFn: ({ pageParam, signal }) =>
      api.get("/api/tracked", {
        query: {
          q: f.q || undefined,
          stage: f.stages.length ? f.stages : undefined,
          active: f.active || undefined,
          tag: f.tags.length ? f.tags : undefined,
          priority_min: f.priority || undefined,
          cursor: pageParam ?? undefined,
          limit: ALL_PAGE_SIZE,
        },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** Ask for the jobs as soon as the signed-in page starts drawing, for the views that show them
 * first (the table, the board), rather than once the view is on screen: the answer is then
 * on its way while the page draws. `search` is the address's "?..." (the views' filters). */
export function prefetchAllJobs(client: QueryClient, api: ApiClient, search: string) {
  void client.prefetchInfiniteQuery(allJobsQuery(api, parseFilters(search)));
}

export function useAllJobs(filters: JobFilters) {
  const api = useApi();
  const options = allJobsQuery(api, filters);
  const query = useInfiniteQuery({ ...options, placeholderData: keepPreviousData });
  useFirstAnswerAtOnce(options.queryKey, query.isPending);
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

/** The first answer, drawn as soon as it lands. The query subscribes to its answers in a passive
 * effect, which React runs after the browser has painted the page (a few hundred milliseconds
 * on a busy machine); prefetched, the jobs are often in by then and would wait for it. This
 * listens from the commit instead (a layout effect) and draws them at once. */
function useFirstAnswerAtOnce(queryKey: QueryKey, pending: boolean) {
  const client = useQueryClient();
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const hash = hashKey(queryKey);
  useLayoutEffect(() => {
    if (!pending) return undefined;
    const unsubscribe = client.getQueryCache().subscribe((event) => {
      if (event.query.queryHash !== hash || event.query.state.status === "pending") return;
      unsubscribe();
      flushSync(redraw);
    });
    return unsubscribe;
  }, [client, hash, pending]);
}
