/** The calendar's data hooks: a month's items, the upcoming list, the feed (status, create or
 * rotate, turn off) and one event's .ics file. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { components } from "../../../generated/api";
import type { ApiClient } from "../../../lib/apiClient";
import { useApi } from "../../../lib/apiContext";
import { calendarKeys, FEED_MUTATION_KEY, useRefreshOnJobChanges } from "./upcoming";

export type FeedStatus = components["schemas"]["FeedStatus"];
export type FeedCreated = components["schemas"]["FeedCreated"];

export { calendarKeys, UPCOMING_DAYS, useUpcoming } from "./upcoming";

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
    mutationFn: (timezone: string) => api.post("/api/calendar/feed", { body: { timezone } }),
    onSuccess: (created) => {
      queryClient.setQueryData<FeedStatus>(calendarKeys.feed, {
        active: true,
        timezone: created.timezone,
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

/** One event's iCalendar file, in the given zone (the API needs the token, so this is fetched
 * and handed to the browser as a download rather than linked). */
export async function downloadEventIcs(
  api: ApiClient,
  jobId: number,
  eventId: number,
  timezone: string,
  filename: string,
) {
  const text = (await api.get("/api/tracked/{job_id}/events/{event_id}/ics", {
    path: { job_id: jobId, event_id: eventId },
    query: { timezone },
    headers: { Accept: "text/calendar" },
    responseType: "text",
  })) as unknown as string;
  const url = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
