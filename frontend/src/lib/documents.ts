/** The document library (`/api/documents`): one cache entry holding every version (at most 200,
 * one request); upload (presigned PUT straight to storage with progress, then keep), rename,
 * change kind, delete; attach versions to a job; short-lived links to read one. The writers
 * keep the library and the jobs' copies (`documents`, `has_resume`) in step. */
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { ApiClient } from "./apiClient";
import { useApi } from "./apiContext";
import type { JobId } from "./apiTypes";
import { contentTypeFor } from "./documentFile";
import type { DocumentKind, DocumentUpdate, LibraryDocument } from "./documentTypes";
import { jobKeys, refreshOnConflict, writeJob } from "./jobsCache";
import { uploadToStorage, type UploadRequest } from "./uploadToStorage";

const documentKeys = { all: ["documents"] as const };

export const KIND_LABELS: Record<DocumentKind, string> = {
  resume: "Résumé",
  cover_letter: "Cover letter",
  other: "Other",
};
export const DOCUMENT_KINDS = Object.keys(KIND_LABELS) as DocumentKind[];

/** Every document of the user, newest first (as the API sorts them); `enabled: false` asks
 * nothing (a read-only view that needs no library). */
export function useDocuments({ enabled = true }: { enabled?: boolean } = {}) {
  const api = useApi();
  return useQuery({
    queryKey: documentKeys.all,
    enabled,
    queryFn: ({ signal }) => api.get("/api/documents", { signal }).then((page) => page.items),
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
  const grant = await api.post("/api/documents/upload-url", {
    body: { filename: file.name, size: file.size, content_type: contentType },
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
  return api.post("/api/documents", { body: { key: grant.key, filename: file.name, kind } });
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
      api.patch("/api/documents/{document_id}", { path: { document_id: id }, body }),
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
    mutationFn: (id: number) =>
      api.delete("/api/documents/{document_id}", { path: { document_id: id } }),
    onSuccess: () => refreshAll(client),
  });
}

/** PUT the job's documents (ids, in order); the answer is the job, written everywhere it shows. */
export function useSetJobDocuments(jobId: JobId) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (documentIds: number[]) =>
      api.put("/api/tracked/{job_id}/documents", {
        path: { job_id: jobId },
        body: { document_ids: documentIds },
      }),
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
    (id: number, disposition: "inline" | "attachment") =>
      api.get("/api/documents/{document_id}/url", {
        path: { document_id: id },
        query: { disposition },
      }),
    [api],
  );
}
