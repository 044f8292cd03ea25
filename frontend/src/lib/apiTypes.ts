/** Names for the API's shapes, all taken from the types generated from openapi.json
 * (`make generate`): a change to the API's models shows up here as a type error. */
import type { components, paths } from "../generated/api";

type Schemas = components["schemas"];

/** A tracked job. One job's answers (`GET /api/tracked/{id}`, every write) carry its people,
 * `contacts`, its posting, `posting`, and the documents sent, `documents`; the list's items
 * leave them out (they say `has_posting`), so they are optional here. */
export type TrackedJob = Schemas["TrackedJobListItem"] &
  Partial<Pick<Schemas["TrackedJobRead"], "contacts" | "posting" | "documents">>;
export type TrackingEvent = Schemas["TrackingEventRead"];
export type TrackedJobPage = Schemas["TrackedJobPage"];
export type JobCreate = Schemas["JobCreate"];
export type JobUpdate = Schemas["JobUpdate"];
export type EventUpdate = Schemas["EventUpdate"];
/** What `POST /api/tracked/{job_id}/events` takes: one create model per event type. */
export type EventCreate = NonNullable<
  paths["/api/tracked/{job_id}/events"]["post"]["requestBody"]
>["content"]["application/json"];
export type Stage = Schemas["Stage"];
export type Contact = Schemas["ContactRead"];
export type ContactCreate = Schemas["ContactCreate"];
export type ContactUpdate = Schemas["ContactUpdate"];
export type ContactRole = Contact["role"];
export type JobId = TrackedJob["id"];
