/** Small builders for TrackedJob and TrackingEvent as the API returns them. */
let nextId = 1;

export function makeEvent(event_type, overrides = {}) {
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
export function makeJob({ events = [], notes = {}, ...overrides } = {}) {
  return {
    id: nextId++,
    company: "Acme",
    title: "Backend Engineer",
    job_url: null,
    stage: events.length ? events[events.length - 1].event_type : "saved",
    notes,
    has_resume: false,
    events,
    created_at: "2026-02-01T10:00:00Z",
    updated_at: "2026-02-03T10:00:00Z",
    ...overrides,
  };
}

export const jobAt = (...types) => makeJob({ events: types.map((t) => makeEvent(t)) });

/** A trackApi whose every method is a vi.fn; override the ones a test uses. */
export function fakeTrackApi(vi, overrides = {}) {
  const names = [
    "listJobs", "createJob", "getJob", "updateJob", "deleteJob", "createEvent", "updateEvent",
    "deleteEvent", "resumeUploadUrl", "confirmResume", "resumeUrl",
  ];
  const api = Object.fromEntries(names.map((n) => [n, vi.fn(() => Promise.reject(new Error(`${n} not stubbed`)))]));
  return Object.assign(api, overrides);
}

/** An ApiError-shaped 422 as the server sends it. */
export function validationError(loc, msg) {
  const err = new Error(`${loc.filter((p) => p !== "body").join(".")}: ${msg}`);
  err.status = 422;
  err.fieldErrors = [{ loc, msg }];
  return err;
}
