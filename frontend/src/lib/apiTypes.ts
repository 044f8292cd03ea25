/** Names for the API's shapes, all taken from the types generated from openapi.json
 * (`npm run openapi:types`): a change to the API's models shows up here as a type error. */
import type { components } from "../generated/api";

type Schemas = components["schemas"];

export type TrackedJob = Schemas["TrackedJobRead"];
export type TrackingEvent = Schemas["TrackingEventRead"];
export type TrackedJobPage = Schemas["TrackedJobPage"];
export type JobCreate = Schemas["JobCreate"];
export type JobUpdate = Schemas["JobUpdate"];
export type JobNotesIn = Schemas["JobNotesIn"];
export type EventUpdate = Schemas["EventUpdate"];
export type EventCreate =
  | Schemas["AppliedEventCreate"]
  | Schemas["ScreeningEventCreate"]
  | Schemas["InterviewEventCreate"]
  | Schemas["ReferenceEventCreate"]
  | Schemas["OfferEventCreate"]
  | Schemas["AcceptedEventCreate"]
  | Schemas["DeclinedEventCreate"]
  | Schemas["RejectedEventCreate"];
export type ResumeUpload = Schemas["ResumeUploadRead"];
export type ResumeDownload = Schemas["ResumeDownloadRead"];
export type Stage = Schemas["Stage"];
export type EventType = Schemas["EventType"];
export type JobId = TrackedJob["id"];
