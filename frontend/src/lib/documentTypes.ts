/** The document library's shapes (`/api/documents` and a job's `documents`), from the types
 * generated from openapi.json (`make generate`). */
import type { components } from "../generated/api";

type Schemas = components["schemas"];

/** One version in the library, with the caller's jobs it is attached to. */
export type LibraryDocument = Schemas["DocumentRead"];
/** A document as a job lists it, in attach order. */
export type JobDocumentRef = Schemas["JobDocumentRef"];
export type DocumentKind = LibraryDocument["kind"];
export type DocumentContentType = LibraryDocument["content_type"];
export type DocumentUpdate = Schemas["DocumentUpdate"];
