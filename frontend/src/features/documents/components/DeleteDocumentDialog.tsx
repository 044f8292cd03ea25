/** "Delete CV v3?": what deleting a document does to the jobs it was sent to. Loaded when first
 * opened (the dialog's code is not needed to draw the page). */
import type { RefObject } from "react";
import { ConfirmDialog } from "../../../components/ui/Dialog";
import type { LibraryDocument } from "../../../lib/documentTypes";

export function DeleteDocumentDialog({
  document,
  companies,
  busy,
  error,
  onConfirm,
  onClose,
  returnFocus,
}: {
  document: LibraryDocument;
  /** The companies of the jobs it was sent to, in order. */
  companies: string[];
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
  returnFocus: RefObject<HTMLElement | null>;
}) {
  const jobs = companies.length === 1 ? "job" : `${companies.length} jobs`;
  return (
    <ConfirmDialog
      title={`Delete ${document.name}?`}
      confirmLabel="Delete document"
      onConfirm={onConfirm}
      onClose={onClose}
      busy={busy}
      error={error}
      returnFocus={returnFocus}
    >
      <p>
        {companies.length
          ? `It is removed from the ${jobs} it was sent to (${companies.join(", ")}); the jobs stay. The file is deleted.`
          : "It is not attached to any job. The file is deleted."}
      </p>
    </ConfirmDialog>
  );
}
