/** What was sent for this job: the library's versions attached to it, in order ("Sent: CV 2026
 * v3, Cover letter — Acme"), each previewed (a PDF in a new tab) or downloaded; attach one from
 * the library, upload a new one (it goes into the library, then onto the job), or detach one.
 * A rejected or withdrawn job shows them read-only. */
import { Download, Eye, FileText, Paperclip, Upload, X } from "lucide-react";
import { useId, useMemo, useRef, useState } from "react";
import { Link } from "wouter";
import { UploadStatus } from "../../../components/documents/UploadStatus";
import { DOCUMENT_ACCEPT, opensInline } from "../../../lib/documentFile";
import {
  DOCUMENT_KINDS,
  KIND_LABELS,
  useDocumentLink,
  useDocuments,
  useSetJobDocuments,
} from "../../../lib/documents";
import type { TrackedJob } from "../../../lib/apiTypes";
import type { DocumentKind, JobDocumentRef } from "../../../lib/documentTypes";
import { openStoredFile } from "../../../lib/openStoredFile";
import { useDocumentUploads } from "../../../lib/useDocumentUploads";
import type { UploadRequest } from "../../../lib/uploadToStorage";
import { useFocusAfterRender } from "../../../lib/useFocusAfterRender";

/** At most this many documents on one job (the API's limit). */
const MAX_PER_JOB = 20;

export function DocumentsSection({
  job,
  disabled = false,
  upload,
}: {
  job: TrackedJob;
  disabled?: boolean;
  /** Tests pass a stand-in for the PUT to storage. */
  upload?: (request: UploadRequest) => Promise<void>;
}) {
  const id = useId();
  const library = useDocuments({ enabled: !disabled });
  const setDocuments = useSetJobDocuments(job.id);
  const uploads = useDocumentUploads(upload);
  const link = useDocumentLink();
  const [choice, setChoice] = useState("");
  const [uploadKind, setUploadKind] = useState<DocumentKind>("resume");
  const [error, setError] = useState<string | null>(null);
  const pickRef = useRef<HTMLSelectElement>(null);
  const focusAfterRender = useFocusAfterRender();
  // Undefined while the job shown is a list item (the list leaves them out) and the job itself
  // is on its way.
  const known = job.documents !== undefined;
  const sent = useMemo(() => job.documents ?? [], [job.documents]);
  const attachable = useMemo(
    () => (library.data ?? []).filter((d) => !sent.some((s) => s.id === d.id)),
    [library.data, sent],
  );
  const full = sent.length >= MAX_PER_JOB;
  const busy = setDocuments.isPending || uploads.busy;

  async function save(ids: number[], failure: string) {
    setError(null);
    try {
      await setDocuments.mutateAsync(ids);
      return true;
    } catch (err) {
      setError(`${failure}: ${(err as Error).message}`);
      return false;
    }
  }

  async function attach() {
    const documentId = Number(choice);
    if (!documentId) {
      setError("Choose a document from your library first.");
      return;
    }
    if (await save([...sent.map((d) => d.id), documentId], "Could not attach it")) {
      setChoice("");
      focusAfterRender(() => pickRef.current);
    }
  }

  async function detach(document: JobDocumentRef) {
    await save(
      sent.filter((d) => d.id !== document.id).map((d) => d.id),
      `Could not remove ${document.name}`,
    );
    focusAfterRender(() => pickRef.current);
  }

  async function uploadAndAttach(file: File) {
    setError(null);
    const [made] = await uploads.uploadFiles([file], uploadKind);
    if (!made) return;
    await save(
      [...sent.map((d) => d.id), made.id],
      `${made.name} is in your library but not attached to this job`,
    );
  }

  async function open(document: JobDocumentRef) {
    setError(null);
    const inline = opensInline(document.filename);
    try {
      await openStoredFile(() => link(document.id, inline ? "inline" : "attachment"), {
        inline,
        name: document.filename,
      });
    } catch (err) {
      setError(`Could not open ${document.filename}: ${(err as Error).message}`);
    }
  }

  return (
    <section className="job-section sent-documents" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Documents</h3>
      {!known ? (
        <p className="muted" role="status">
          Loading the documents…
        </p>
      ) : sent.length === 0 ? (
        <p className="muted">
          {disabled
            ? "No documents were attached to this job."
            : "Nothing attached yet: attach the résumé and cover letter you sent, so you know which version went here."}
        </p>
      ) : (
        <>
          <p className="sent-summary">
            <strong>Sent:</strong> {sent.map((d) => d.name).join(", ")}
          </p>
          <ul className="sent-list">
            {sent.map((document) => {
              const inline = opensInline(document.filename);
              return (
                <li key={document.id} className="sent-item">
                  <FileText aria-hidden="true" className="icon" />
                  <span className="sent-item-text">
                    <strong>{document.name}</strong>
                    <span className="sent-kind">{KIND_LABELS[document.kind]}</span>
                    {document.filename !== document.name && (
                      <span className="sent-filename">{document.filename}</span>
                    )}
                  </span>
                  <span className="sent-item-actions">
                    <button
                      type="button"
                      className="button small"
                      onClick={() => void open(document)}
                      aria-label={`${inline ? "Preview" : "Download"} ${document.name}`}
                    >
                      {inline ? (
                        <Eye aria-hidden="true" className="icon" />
                      ) : (
                        <Download aria-hidden="true" className="icon" />
                      )}
                      {inline ? "Preview" : "Download"}
                    </button>
                    {!disabled && (
                      <button
                        type="button"
                        className="button small quiet"
                        onClick={() => void detach(document)}
                        disabled={busy}
                        aria-label={`Remove ${document.name} from this job`}
                      >
                        <X aria-hidden="true" className="icon" />
                        Remove
                      </button>
                    )}
                  </span>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!disabled && known && (
        <div className="sent-actions">
          <div className="sent-attach">
            <div className="field">
              <label htmlFor={`${id}-pick`}>Attach from your library</label>
              <select
                id={`${id}-pick`}
                ref={pickRef}
                value={choice}
                onChange={(e) => setChoice(e.target.value)}
                disabled={full}
              >
                <option value="">
                  {library.isPending
                    ? "Loading your documents…"
                    : attachable.length
                      ? "Choose a document…"
                      : "No other documents in your library"}
                </option>
                {DOCUMENT_KINDS.map((kind) => {
                  const ofKind = attachable.filter((d) => d.kind === kind);
                  return ofKind.length ? (
                    <optgroup key={kind} label={KIND_LABELS[kind]}>
                      {ofKind.map((d) => (
                        <option key={d.id} value={d.id}>
                          {d.name === d.filename ? d.name : `${d.name} (${d.filename})`}
                        </option>
                      ))}
                    </optgroup>
                  ) : null;
                })}
              </select>
            </div>
            <button
              type="button"
              className="button small"
              onClick={() => void attach()}
              disabled={busy || full}
            >
              <Paperclip aria-hidden="true" className="icon" />
              Attach
            </button>
          </div>
          <div className="sent-upload">
            <div className="field">
              <label htmlFor={`${id}-kind`}>Or upload a new one as</label>
              <select
                id={`${id}-kind`}
                value={uploadKind}
                onChange={(e) => setUploadKind(e.target.value as DocumentKind)}
              >
                {DOCUMENT_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {KIND_LABELS[kind]}
                  </option>
                ))}
              </select>
            </div>
            <div className="file-pick">
              <label
                htmlFor={`${id}-file`}
                className="button small"
                data-disabled={busy || full || undefined}
              >
                <Upload aria-hidden="true" className="icon" />
                Upload file…
              </label>
              <input
                id={`${id}-file`}
                className="visually-hidden-file"
                type="file"
                accept={DOCUMENT_ACCEPT}
                disabled={busy || full}
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  e.target.value = "";
                  if (file) void uploadAndAttach(file);
                }}
              />
            </div>
          </div>
          {full && <p className="muted">A job keeps at most {MAX_PER_JOB} documents.</p>}
          <UploadStatus items={uploads.items} />
          <Link href="/documents" className="sent-all">
            All documents
          </Link>
        </div>
      )}
    </section>
  );
}
