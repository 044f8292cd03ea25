/** Small builders for TrackedJob and TrackingEvent as the API returns them. */
import type { EventTypeValue } from "../generated/trackingSchema.js";
import type { TrackedJob, TrackingEvent } from "../lib/apiTypes";

let nextId = 1;

export function makeEvent(
  event_type: EventTypeValue,
  overrides: Partial<TrackingEvent> = {},
): TrackingEvent {
  const id = nextId++;
  return {
    id,
    event_type,
    event_date: "2026-02-03",
    event_time: null,
    location: null,
    note: {},
    created_at: "2026-02-03T10:00:00Z",
    updated_at: "2026-02-03T10:00:00Z",
    ...overrides,
  };
}

/** A job whose stage follows its events, as the server guarantees. */
export function makeJob({
  events = [],
  notes = {},
  ...overrides
}: Partial<Omit<TrackedJob, "notes">> & { notes?: Partial<TrackedJob["notes"]> } = {}): TrackedJob {
  return {
    id: nextId++,
    company: "Acme",
    title: "Backend Engineer",
    job_url: null,
    stage: events.at(-1)?.event_type ?? "saved",
    notes: { salary: null, location: null, general_note: null, resume_filename: null, ...notes },
    priority: 0,
    tags: [],
    has_resume: false,
    events,
    created_at: "2026-02-01T10:00:00Z",
    updated_at: "2026-02-03T10:00:00Z",
    ...overrides,
  };
}

export const jobAt = (...types: EventTypeValue[]) =>
  makeJob({ events: types.map((t) => makeEvent(t)) });
