/** Where files go into the library: drop them on the zone, or choose them with the file picker
 * (the keyboard's way); the kind they are kept as is chosen first. */
import { Upload } from "lucide-react";
import { useId, useState, type DragEvent } from "react";
import { DOCUMENT_ACCEPT, DOCUMENT_MAX_BYTES } from "../../../lib/documentFile";
import { DOCUMENT_KINDS, KIND_LABELS } from "../../../lib/documents";
import type { DocumentKind } from "../../../lib/documentTypes";
import { formatFileSize } from "../../../lib/format";

const hasFiles = (event: DragEvent) => [...event.dataTransfer.types].includes("Files");

export function UploadZone({
  disabled,
  onFiles,
}: {
  disabled: boolean;
  onFiles: (files: File[], kind: DocumentKind) => void;
}) {
  const id = useId();
  const [kind, setKind] = useState<DocumentKind>("resume");
  const [over, setOver] = useState(false);

  function onDrop(event: DragEvent) {
    if (!hasFiles(event)) return;
    event.preventDefault();
    setOver(false);
    if (disabled) return;
    const files = [...event.dataTransfer.files];
    if (files.length) onFiles(files, kind);
  }

  return (
    <div
      className="upload-zone"
      data-over={over || undefined}
      aria-disabled={disabled || undefined}
      onDragEnter={(e) => {
        if (hasFiles(e)) setOver(true);
      }}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = disabled ? "none" : "copy";
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={onDrop}
    >
      <Upload aria-hidden="true" className="upload-zone-icon" size={28} />
      <p className="upload-zone-text">
        <strong>Drop PDF, Word (.docx) or text files here</strong>
        <span className="muted">
          {" "}
          or choose them; up to {formatFileSize(DOCUMENT_MAX_BYTES)} each.
        </span>
      </p>
      <div className="upload-zone-controls">
        <div className="field">
          <label htmlFor={`${id}-kind`}>Upload as</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(e) => setKind(e.target.value as DocumentKind)}
          >
            {DOCUMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="file-pick">
          <label
            htmlFor={`${id}-file`}
            className="button primary"
            data-disabled={disabled || undefined}
          >
            <Upload aria-hidden="true" className="icon" size="1em" />
            Choose files…
          </label>
          <input
            id={`${id}-file`}
            className="visually-hidden-file"
            type="file"
            multiple
            accept={DOCUMENT_ACCEPT}
            disabled={disabled}
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = "";
              if (files.length) onFiles(files, kind);
            }}
          />
        </div>
      </div>
    </div>
  );
}
