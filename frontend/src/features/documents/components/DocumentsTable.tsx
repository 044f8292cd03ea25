/** The library as a table (one row a version, cards on a phone): the name (renamed in place),
 * the kind (changed from its menu), size, date, the jobs it was sent to, open and delete. */
import { Download, Eye, Pencil, Trash2 } from "lucide-react";
import { useRef, useState, type FormEvent } from "react";
import { Link } from "wouter";
import { useToast } from "../../../components/ui/Toast";
import { opensInline } from "../../../lib/documentFile";
import {
  DOCUMENT_KINDS,
  KIND_LABELS,
  useDocumentLink,
  useUpdateDocument,
} from "../../../lib/documents";
import type { DocumentKind, LibraryDocument } from "../../../lib/documentTypes";
import { formatDate, formatFileSize } from "../../../lib/format";
import { openStoredFile } from "../../../lib/openStoredFile";
import { jobPath } from "../../../lib/routes";
import { useFocusAfterRender } from "../../../lib/useFocusAfterRender";

type SentTo = (document: LibraryDocument) => { id: number; company: string }[];

export function DocumentsTable({
  documents,
  sentTo,
  onDelete,
}: {
  documents: readonly LibraryDocument[];
  sentTo: SentTo;
  onDelete: (document: LibraryDocument) => void;
}) {
  return (
    <table className="documents-table">
      <caption className="visually-hidden">Your documents, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Kind</th>
          <th scope="col">Size</th>
          <th scope="col">Added</th>
          <th scope="col">Sent to</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {documents.map((document) => (
          <DocumentRow
            key={document.id}
            document={document}
            jobs={sentTo(document)}
            onDelete={() => onDelete(document)}
          />
        ))}
      </tbody>
    </table>
  );
}

function DocumentRow({
  document,
  jobs,
  onDelete,
}: {
  document: LibraryDocument;
  jobs: { id: number; company: string }[];
  onDelete: () => void;
}) {
  const update = useUpdateDocument();
  const link = useDocumentLink();
  const notify = useToast();
  const [error, setError] = useState<string | null>(null);
  const inline = opensInline(document.filename);

  async function changeKind(kind: DocumentKind) {
    setError(null);
    try {
      await update.mutateAsync({ id: document.id, body: { kind } });
      notify({ message: `${document.name} is now filed as ${KIND_LABELS[kind]}.` });
    } catch (err) {
      setError(`Could not change the kind: ${(err as Error).message}`);
    }
  }

  async function open() {
    setError(null);
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
    <tr>
      <td className="document-name" data-label="Name">
        <NameCell document={document} onError={setError} />
        {document.filename !== document.name && (
          <span className="document-filename">{document.filename}</span>
        )}
        {error && (
          <span className="form-error document-error" role="alert">
            {error}
          </span>
        )}
      </td>
      <td data-label="Kind">
        <select
          aria-label={`Kind of ${document.name}`}
          value={document.kind}
          disabled={update.isPending}
          onChange={(e) => void changeKind(e.target.value as DocumentKind)}
        >
          {DOCUMENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </td>
      <td data-label="Size" className="document-size">
        {formatFileSize(document.size)}
      </td>
      <td data-label="Added">
        <time dateTime={document.created_at}>{formatDate(document.created_at)}</time>
      </td>
      <td data-label="Sent to" className="document-sent">
        {jobs.length === 0 ? (
          <span className="muted">Not sent yet</span>
        ) : (
          // One element, so a phone's card keeps the list on one line beside its label.
          <span>
            {jobs.map((job, i) => (
              <span key={job.id}>
                {i > 0 && ", "}
                <Link href={jobPath(job.id)}>{job.company}</Link>
              </span>
            ))}
          </span>
        )}
      </td>
      <td className="document-actions">
        <button
          type="button"
          className="button small"
          onClick={() => void open()}
          aria-label={`${inline ? "Open" : "Download"} ${document.name}`}
        >
          {inline ? (
            <Eye aria-hidden="true" className="icon" size="1em" />
          ) : (
            <Download aria-hidden="true" className="icon" size="1em" />
          )}
          {inline ? "Open" : "Download"}
        </button>
        <button
          type="button"
          className="button small danger"
          onClick={onDelete}
          aria-label={`Delete ${document.name}`}
        >
          <Trash2 aria-hidden="true" className="icon" size="1em" />
          Delete
        </button>
      </td>
    </tr>
  );
}

/** The name, and a button to rename it in place: Enter (or Save) keeps the new name, Escape
 * (or Cancel) the old one; focus returns to the button either way. */
function NameCell({
  document,
  onError,
}: {
  document: LibraryDocument;
  onError: (message: string | null) => void;
}) {
  const update = useUpdateDocument();
  const [draft, setDraft] = useState<string | null>(null);
  const renameRef = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const stop = () => {
    setDraft(null);
    focusAfterRender(() => renameRef.current);
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    const name = (draft ?? "").trim();
    if (!name) {
      onError("A document needs a name.");
      return;
    }
    if (name === document.name) return stop();
    onError(null);
    try {
      await update.mutateAsync({ id: document.id, body: { name } });
      stop();
    } catch (err) {
      onError(`Could not rename ${document.name}: ${(err as Error).message}`);
    }
  }

  if (draft === null) {
    return (
      <span className="document-name-line">
        <strong>{document.name}</strong>
        <button
          ref={renameRef}
          type="button"
          className="icon-button"
          onClick={() => {
            onError(null);
            setDraft(document.name);
          }}
          aria-label={`Rename ${document.name}`}
          title="Rename"
        >
          <Pencil aria-hidden="true" size={16} />
        </button>
      </span>
    );
  }
  return (
    <form className="document-rename" onSubmit={(e) => void save(e)}>
      <input
        autoFocus
        aria-label={`New name for ${document.name}`}
        value={draft}
        maxLength={200}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            onError(null);
            stop();
          }
        }}
      />
      <button type="submit" className="button small primary" disabled={update.isPending}>
        Save
      </button>
      <button
        type="button"
        className="button small"
        onClick={() => {
          onError(null);
          stop();
        }}
      >
        Cancel
      </button>
    </form>
  );
}
