/** `/documents`: the library of résumés, cover letters and other files, each version with its
 * size, date and the jobs it was sent to. Upload (drag and drop or the file picker, with
 * progress), filter by kind and name, rename in place, change the kind, delete after a
 * confirmation. */
import { Search } from "lucide-react";
import { lazy, Suspense, useId, useMemo, useRef, useState } from "react";
import { useToast } from "../../../components/ui/Toast";
import { UploadStatus } from "../../../components/documents/UploadStatus";
import { DOCUMENT_LIMIT } from "../../../lib/documentFile";
import {
  DOCUMENT_KINDS,
  KIND_LABELS,
  useDeleteDocument,
  useDocuments,
} from "../../../lib/documents";
import type { DocumentKind, LibraryDocument } from "../../../lib/documentTypes";
import { NO_FILTERS } from "../../../lib/jobFilters";
import { useAllJobs } from "../../../lib/useAllJobs";
import { useDocumentUploads } from "../../../lib/useDocumentUploads";
import type { UploadRequest } from "../../../lib/uploadToStorage";
import { filterDocuments, sentTo } from "../model/documentList";
import { DocumentsTable } from "./DocumentsTable";
import { UploadZone } from "./UploadZone";
import "./documentsView.css";

// Fetched when first opened: importing the dialog here would move it out of the first screen's
// chunk into one of its own (more bytes before the page draws).
const DeleteDocumentDialog = lazy(() =>
  import("./DeleteDocumentDialog").then((m) => ({ default: m.DeleteDocumentDialog })),
);

export function DocumentsView({
  upload,
}: {
  /** Tests pass a stand-in for the PUT to storage. */
  upload?: (request: UploadRequest) => Promise<void>;
} = {}) {
  const documents = useDocuments();
  const { jobs } = useAllJobs(NO_FILTERS);
  const uploads = useDocumentUploads(upload);
  const [kind, setKind] = useState<DocumentKind | "">("");
  const [query, setQuery] = useState("");
  const [deleting, setDeleting] = useState<LibraryDocument | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const remove = useDeleteDocument();
  const notify = useToast();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const searchId = useId();
  const kindId = useId();
  const all = useMemo(() => documents.data ?? [], [documents.data]);
  const shown = useMemo(() => filterDocuments(all, { kind, query }), [all, kind, query]);
  const companies = useMemo(() => new Map(jobs.map((job) => [job.id, job.company])), [jobs]);
  const full = all.length >= DOCUMENT_LIMIT;

  function closeDelete() {
    setDeleting(null);
    setDeleteError(null);
  }

  async function confirmDelete(document: LibraryDocument) {
    try {
      await remove.mutateAsync(document.id);
      closeDelete();
      notify({ message: `${document.name} deleted.` });
    } catch (err) {
      setDeleteError((err as Error).message);
    }
  }

  return (
    <section className="documents" aria-labelledby="documents-heading">
      <h2 id="documents-heading" ref={headingRef} tabIndex={-1}>
        Documents
      </h2>
      <p className="muted documents-intro">
        Keep each version of your résumé and cover letters here and attach them to jobs, so you
        always know which one you sent where.
      </p>
      <UploadZone
        disabled={uploads.busy || full}
        onFiles={(files, uploadKind) => void uploads.uploadFiles(files, uploadKind)}
      />
      {full && (
        <p className="form-error" role="alert">
          You have {DOCUMENT_LIMIT} documents, the most Track keeps; delete old versions to upload
          more.
        </p>
      )}
      <UploadStatus items={uploads.items} />

      {documents.isPending ? (
        <p role="status">Loading your documents…</p>
      ) : documents.isError ? (
        <div className="form-error" role="alert">
          <p>Could not load your documents: {documents.error.message}</p>
          <button type="button" className="button small" onClick={() => void documents.refetch()}>
            Try again
          </button>
        </div>
      ) : all.length === 0 ? (
        <div className="empty-state">
          <p>
            <strong>No documents yet.</strong>
          </p>
          <p>Upload a résumé or a cover letter (PDF, Word .docx or text) to start your library.</p>
        </div>
      ) : (
        <>
          <div className="documents-filters" role="search" aria-label="Filter documents">
            <div className="field">
              <label htmlFor={kindId}>Kind</label>
              <select
                id={kindId}
                value={kind}
                onChange={(e) => setKind(e.target.value as DocumentKind | "")}
              >
                <option value="">All kinds</option>
                {DOCUMENT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field documents-search">
              <label htmlFor={searchId}>
                <Search aria-hidden="true" className="icon" size="1em" />
                Name
              </label>
              <input
                id={searchId}
                type="search"
                placeholder="Search by name or file name"
                value={query}
                maxLength={200}
                onChange={(e) => setQuery(e.target.value)}
              />
            </div>
          </div>
          <p className="muted" role="status">
            {shown.length === all.length
              ? `${all.length} document${all.length === 1 ? "" : "s"}`
              : `${shown.length} of ${all.length} documents match`}
          </p>
          {shown.length === 0 ? (
            <p>No document matches these filters.</p>
          ) : (
            <DocumentsTable
              documents={shown}
              sentTo={(document) => sentTo(document, companies)}
              onDelete={setDeleting}
            />
          )}
        </>
      )}
      {deleting && (
        <Suspense fallback={null}>
          <DeleteDocumentDialog
            document={deleting}
            companies={sentTo(deleting, companies).map((job) => job.company)}
            busy={remove.isPending}
            error={deleteError}
            onConfirm={() => void confirmDelete(deleting)}
            onClose={closeDelete}
            returnFocus={headingRef}
          />
        </Suspense>
      )}
    </section>
  );
}
