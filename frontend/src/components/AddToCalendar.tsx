import { useState } from "react";
import type { ApiClient } from "../lib/apiClient";
import { useApi } from "../lib/apiContext";
import { saveFile } from "../lib/saveFile";
import { browserTimeZone } from "../lib/timeZone";

const slug = (text: string) =>
  text
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase();

/** One event's iCalendar file, in the given zone (the API needs the token, so this is fetched
 * and handed to the browser as a download rather than linked). */
async function downloadEventIcs(
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
  saveFile(new Blob([text], { type: "text/calendar;charset=utf-8" }), filename);
}

/** The API client, or null where there is none (a card rendered on its own, as in its tests). */
function useOptionalApi(): ApiClient | null {
  try {
    return useApi();
  } catch {
    return null;
  }
}

/** "Add to calendar": the event's .ics in the browser's time zone, as a download. */
export function AddToCalendar({
  jobId,
  eventId,
  company,
  name,
  date,
}: {
  jobId: number;
  eventId: number;
  company: string;
  name: string;
  date: string;
}) {
  const api = useOptionalApi();
  const [state, setState] = useState<"idle" | "busy" | "error">("idle");
  if (!api) return null;
  return (
    <>
      <button
        type="button"
        className="button small"
        aria-label={`Add ${name} to calendar`}
        aria-disabled={state === "busy" || undefined}
        onClick={() => {
          if (state === "busy") return;
          setState("busy");
          const file = `${[slug(company), slug(name), date].filter(Boolean).join("-")}.ics`;
          downloadEventIcs(api, jobId, eventId, browserTimeZone(), file).then(
            () => setState("idle"),
            () => setState("error"),
          );
        }}
      >
        Add to calendar
      </button>
      {state === "error" && (
        <span className="form-error" role="alert">
          Could not get the calendar file; try again.
        </span>
      )}
    </>
  );
}
