/** The calendar's data hooks: a month's items, the feed (status, create or
 * rotate, turn off). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { components } from "../../../generated/api";
import { useApi } from "../../../lib/apiContext";
import { calendarKeys, FEED_MUTATION_KEY, useRefreshOnJobChanges } from "./upcoming";

export type FeedStatus = components["schemas"]["FeedStatus"];
export type FeedCreate = components["schemas"]["FeedCreate"];
/** Which items a feed holds: every step, or the appointments only. */
export type FeedSteps = NonNullable<FeedCreate["steps"]>;

/** The items from `from` to `to`, both included: one request for the visible month. */
export function useCalendarRange(from: string, to: string) {
  const api = useApi();
  useRefreshOnJobChanges();
  return useQuery({
    queryKey: calendarKeys.range(from, to),
    queryFn: ({ signal }) => api.get("/api/calendar", { query: { from, to }, signal }),
    // While the next month loads, keep showing the last one (marked busy).
    placeholderData: keepPreviousData,
  });
}

export function useFeedStatus() {
  const api = useApi();
  return useQuery({
    queryKey: calendarKeys.feed,
    queryFn: ({ signal }) => api.get("/api/calendar/feed", { signal }),
  });
}

/** Create the feed, or give it a new address (the old one stops working). */
export function useCreateFeed() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: FEED_MUTATION_KEY,
    mutationFn: (feed: FeedCreate) => api.post("/api/calendar/feed", { body: feed }),
    onSuccess: (created) => {
      queryClient.setQueryData<FeedStatus>(calendarKeys.feed, {
        active: true,
        timezone: created.timezone,
        steps: created.steps,
        created_at: created.created_at,
      });
    },
  });
}

export function useDeleteFeed() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: FEED_MUTATION_KEY,
    mutationFn: () => api.delete("/api/calendar/feed"),
    onSuccess: () => {
      queryClient.setQueryData<FeedStatus>(calendarKeys.feed, { active: false });
    },
  });
}
