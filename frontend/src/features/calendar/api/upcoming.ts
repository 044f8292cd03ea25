/** What the first screen needs of the calendar's data: the Upcoming list's query (kept apart
 * from the month view's hooks, which load with their lazy chunk) and the cache keys. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useApi } from "../../../lib/apiContext";

export const calendarKeys = {
  all: ["calendar"] as const,
  range: (from: string, to: string) => ["calendar", "range", from, to] as const,
  upcoming: (from: string, days: number) => ["calendar", "upcoming", from, days] as const,
  feed: ["calendar", "feed"] as const,
};

const UPCOMING_DAYS = 14;

/** The feed's own mutations: they change no dated item. */
export const FEED_MUTATION_KEY = ["calendar", "feed"] as const;

/** Dated items change with any job's change (an event added, edited, deleted; a job rejected
 * or deleted): after any such mutation succeeds, the calendar's queries are refetched. */
export function useRefreshOnJobChanges() {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      queryClient.getMutationCache().subscribe((event) => {
        if (event.type !== "updated" || event.action.type !== "success") return;
        if (event.mutation.options.mutationKey?.[0] === FEED_MUTATION_KEY[0]) return;
        void queryClient.invalidateQueries({
          queryKey: calendarKeys.all,
          predicate: (query) => query.queryKey[1] !== "feed",
        });
      }),
    [queryClient],
  );
}

/** The next `days` days from `from` (the page's local date). */
export function useUpcoming(from: string, days = UPCOMING_DAYS) {
  const api = useApi();
  useRefreshOnJobChanges();
  return useQuery({
    queryKey: calendarKeys.upcoming(from, days),
    queryFn: ({ signal }) => api.get("/api/upcoming", { query: { from, days }, signal }),
  });
}
