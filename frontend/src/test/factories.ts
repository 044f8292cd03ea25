/** Small builders for TrackedJob and TrackingEvent as the API returns them. */
import type { EventTypeValue } from "../generated/trackingSchema.js";
import type { Contact, TrackedJob, TrackingEvent } from "../lib/apiTypes";
import type { LibraryDocument } from "../lib/documentTypes";

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
    inferred: false,
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
    has_posting: false,
    events,
    created_at: "2026-02-01T10:00:00Z",
    updated_at: "2026-02-03T10:00:00Z",
    contacts: [],
    documents: [],
    ...overrides,
  };
}

export const jobAt = (...types: EventTypeValue[]) =>
  makeJob({ events: types.map((t) => makeEvent(t)) });

let nextContactId = 500;

/** A contact as the API lists it (no links, on no job). */
export function makeContact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: nextContactId++,
    name: "Ada Lovelace",
    role: "other",
    email: null,
    phone: null,
    linkedin_url: null,
    note: null,
    job_ids: [],
    ...overrides,
  };
}

let nextDocumentId = 700;

/** A library document as the API lists it (a PDF résumé, on no job). */
export function makeDocument(overrides: Partial<LibraryDocument> = {}): LibraryDocument {
  const filename = overrides.filename ?? "cv.pdf";
  return {
    id: nextDocumentId++,
    kind: "resume",
    name: filename,
    filename,
    content_type: "application/pdf",
    size: 245_760,
    created_at: "2026-02-10T09:00:00Z",
    job_ids: [],
    ...overrides,
  };
}
