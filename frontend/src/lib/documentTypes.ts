/** The document library's shapes (the API's `/api/documents` routes and a job's `documents`),
 * written by hand until the API's generated types carry them; the same names and fields. */
import type { TrackedJob } from "./apiTypes";

export type DocumentKind = "resume" | "cover_letter" | "other";
export type DocumentContentType =
  | "application/pdf"
  | "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
  | "text/plain";

/** One version in the library, with the caller's jobs it is attached to. */
export interface LibraryDocument {
  id: number;
  kind: DocumentKind;
  name: string;
  filename: string;
  content_type: DocumentContentType;
  size: number;
  created_at: string;
  job_ids: number[];
}

/** A document as a job lists it, in attach order. */
export interface JobDocumentRef {
  id: number;
  kind: DocumentKind;
  name: string;
  filename: string;
}

export interface DocumentPage {
  items: LibraryDocument[];
}

export interface DocumentUploadCreate {
  filename: string;
  size: number;
  content_type: DocumentContentType;
}

export interface DocumentUploadRead {
  upload_url: string;
  method: "PUT";
  headers: Record<string, string>;
  key: string;
  expires_in: number;
  max_bytes: number;
}

export interface DocumentCreate {
  key: string;
  filename: string;
  kind: DocumentKind;
  name?: string | null;
}

export interface DocumentUpdate {
  name?: string | null;
  kind?: DocumentKind | null;
}

export interface DocumentDownloadRead {
  url: string;
  filename: string;
  expires_in: number;
}

/** A job with the documents one job's answers carry (the list's items leave them out). */
export type JobWithDocuments = TrackedJob & { documents?: JobDocumentRef[] };
