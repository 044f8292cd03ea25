/** Uploads into the library, one file after another, each checked on this device first, with
 * its step and progress kept for the page to show and say; a failure says where it happened. */
import { useRef, useState } from "react";
import { documentProblem } from "./documentFile";
import { useUploadDocument, type UploadPhase } from "./documents";
import type { DocumentKind, LibraryDocument } from "./documentTypes";
import type { UploadRequest } from "./uploadToStorage";

export interface UploadItem {
  key: number;
  name: string;
  phase: "waiting" | "checking" | UploadPhase | "done" | "failed";
  /** 0..1 while uploading */
  progress: number;
  error: string | null;
}

const FAILED_AT: Record<UploadPhase, (message: string) => string> = {
  starting: (message) => `Could not start the upload: ${message}`,
  uploading: (message) => message,
  saving: (message) => `The file was uploaded but not kept: ${message}`,
};

export function useDocumentUploads(upload?: (request: UploadRequest) => Promise<void>) {
  const mutation = useUploadDocument(upload);
  const [items, setItems] = useState<UploadItem[]>([]);
  const nextKey = useRef(1);
  const [busy, setBusy] = useState(false);

  const change = (key: number, patch: Partial<UploadItem>) =>
    setItems((all) => all.map((item) => (item.key === key ? { ...item, ...patch } : item)));

  /** Upload `files` as `kind`, in order; the documents kept (those that failed say why). */
  async function uploadFiles(files: File[], kind: DocumentKind): Promise<LibraryDocument[]> {
    const queued = files.map((file) => ({ file, key: nextKey.current++ }));
    setItems(
      queued.map(({ file, key }) => ({
        key,
        name: file.name,
        phase: "waiting",
        progress: 0,
        error: null,
      })),
    );
    setBusy(true);
    const kept: LibraryDocument[] = [];
    try {
      for (const { file, key } of queued) {
        change(key, { phase: "checking" });
        const problem = await documentProblem(file);
        if (problem) {
          change(key, { phase: "failed", error: problem });
          continue;
        }
        let at: UploadPhase = "starting";
        try {
          const made = await mutation.mutateAsync({
            file,
            kind,
            onPhase: (phase) => {
              at = phase;
              change(key, { phase });
            },
            onProgress: (progress) => change(key, { progress }),
          });
          kept.push(made);
          change(key, { phase: "done", progress: 1 });
        } catch (err) {
          change(key, { phase: "failed", error: FAILED_AT[at]((err as Error).message) });
        }
      }
    } finally {
      setBusy(false);
    }
    return kept;
  }

  return { items, busy, uploadFiles, clear: () => setItems([]) };
}
