/** The document library (`/api/documents`): one cache entry holding every version (at most 200,
 * one request); upload (presigned PUT straight to storage with progress, then keep), rename,
 * change kind, delete; attach versions to a job; short-lived links to read one. The writers
 * keep the library and the jobs' copies (`documents`, `has_resume`) in step. */
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { ApiClient } from "./apiClient";
import { useApi } from "./apiContext";
import type { JobId, TrackedJob } from "./apiTypes";
import { contentTypeFor } from "./documentFile";
import type {
  DocumentCreate,
  DocumentDownloadRead,
  DocumentKind,
  DocumentPage,
  DocumentUpdate,
  DocumentUploadCreate,
  DocumentUploadRead,
  LibraryDocument,
} from "./documentTypes";
import { jobKeys, refreshOnConflict, writeJob } from "./jobsCache";
import { uploadToStorage, type UploadRequest } from "./uploadToStorage";

const documentKeys = { all: ["documents"] as const };

export const KIND_LABELS: Record<DocumentKind, string> = {
  resume: "Résumé",
  cover_letter: "Cover letter",
  other: "Other",
};
export const DOCUMENT_KINDS = Object.keys(KIND_LABELS) as DocumentKind[];

/** The routes, typed by hand until the generated API types carry them (lib/documentTypes.ts). */
interface Untyped {
  get(path: string, init?: object): Promise<unknown>;
  post(path: string, init?: object): Promise<unknown>;
  put(path: string, init?: object): Promise<unknown>;
  patch(path: string, init?: object): Promise<unknown>;
  delete(path: string, init?: object): Promise<unknown>;
}
function routes(api: ApiClient) {
  const raw = api as unknown as Untyped;
  return {
    list: (signal?: AbortSignal) => raw.get("/api/documents", { signal }) as Promise<DocumentPage>,
    uploadUrl: (body: DocumentUploadCreate) =>
      raw.post("/api/documents/upload-url", { body }) as Promise<DocumentUploadRead>,
    create: (body: DocumentCreate) =>
      raw.post("/api/documents", { body }) as Promise<LibraryDocument>,
    update: (id: number, body: DocumentUpdate) =>
      raw.patch("/api/documents/{document_id}", {
        path: { document_id: id },
        body,
      }) as Promise<LibraryDocument>,
    remove: (id: number) =>
      raw.delete("/api/documents/{document_id}", { path: { document_id: id } }),
    link: (id: number, disposition: "inline" | "attachment") =>
      raw.get("/api/documents/{document_id}/url", {
        path: { document_id: id },
        query: { disposition },
      }) as Promise<DocumentDownloadRead>,
    setJobDocuments: (jobId: JobId, ids: number[]) =>
      raw.put("/api/tracked/{job_id}/documents", {
        path: { job_id: jobId },
        body: { document_ids: ids },
      }) as Promise<TrackedJob>,
  };
}

/** Every document of the user, newest first (as the API sorts them); `enabled: false` asks
 * nothing (a read-only view that needs no library). */
export function useDocuments({ enabled = true }: { enabled?: boolean } = {}) {
  const api = useApi();
  return useQuery({
    queryKey: documentKeys.all,
    enabled,
    queryFn: ({ signal }) =>
      routes(api)
        .list(signal)
        .then((page) => page.items),
  });
}

/** A document changed or went: the library and the jobs showing it are read again. */
function refreshAll(client: QueryClient) {
  void client.invalidateQueries({ queryKey: documentKeys.all });
  void client.invalidateQueries({ queryKey: jobKeys.all });
}

export type UploadPhase = "starting" | "uploading" | "saving";

export interface DocumentUpload {
  file: File;
  kind: DocumentKind;
  onPhase: (phase: UploadPhase) => void;
  onProgress: (fraction: number) => void;
}

/** Ask for a presigned PUT, send the file straight to storage, keep it in the library. */
async function uploadDocument(
  api: ApiClient,
  { file, kind, onPhase, onProgress }: DocumentUpload,
  upload: (request: UploadRequest) => Promise<void>,
): Promise<LibraryDocument> {
  const contentType = contentTypeFor(file.name);
  if (!contentType) throw new Error(`${file.name} is not a PDF, .docx or .txt file.`);
  onPhase("starting");
  const grant = await routes(api).uploadUrl({
    filename: file.name,
    size: file.size,
    content_type: contentType,
  });
  onPhase("uploading");
  await upload({
    url: grant.upload_url,
    method: grant.method,
    headers: grant.headers,
    file,
    onProgress,
  });
  onPhase("saving");
  return routes(api).create({ key: grant.key, filename: file.name, kind });
}

/** Upload one file into the library; the answer is the new document. */
export function useUploadDocument(
  upload: (request: UploadRequest) => Promise<void> = uploadToStorage,
) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: DocumentUpload) => uploadDocument(api, request, upload),
    onSuccess: (made) => {
      client.setQueryData<LibraryDocument[]>(documentKeys.all, (items) =>
        items ? [made, ...items.filter((d) => d.id !== made.id)] : items,
      );
      void client.invalidateQueries({ queryKey: documentKeys.all });
    },
    // A presigned upload is not repeated on its own: the person picks the file again.
    retry: false,
  });
}

export function useUpdateDocument() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: DocumentUpdate }) =>
      routes(api).update(id, body),
    onSuccess: (changed) => {
      client.setQueryData<LibraryDocument[]>(documentKeys.all, (items) =>
        items?.map((d) => (d.id === changed.id ? changed : d)),
      );
      // The jobs it is attached to show its name and kind.
      if (changed.job_ids.length) void client.invalidateQueries({ queryKey: jobKeys.all });
    },
  });
}

export function useDeleteDocument() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => routes(api).remove(id),
    onSuccess: () => refreshAll(client),
  });
}

/** PUT the job's documents (ids, in order); the answer is the job, written everywhere it shows. */
export function useSetJobDocuments(jobId: JobId) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (documentIds: number[]) => routes(api).setJobDocuments(jobId, documentIds),
    onSuccess: (job) => {
      writeJob(client, job);
      void client.invalidateQueries({ queryKey: documentKeys.all });
    },
    meta: { refreshOnConflict: refreshOnConflict(jobId) },
  });
}

/** A function asking for a link to one document, valid for a few minutes: asked for at each
 * click, never cached. */
export function useDocumentLink() {
  const api = useApi();
  return useCallback(
    (id: number, disposition: "inline" | "attachment") => routes(api).link(id, disposition),
    [api],
  );
}
