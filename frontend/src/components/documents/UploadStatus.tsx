/** The uploads under way or just finished: each file's step, a progress bar while it is sent,
 * and why one failed; one polite line says the step in words (not every percent) for screen
 * readers, and each failure is announced. */
import { Check, TriangleAlert } from "lucide-react";
import type { UploadItem } from "../../lib/useDocumentUploads";
import "./documents.css";

const ACTIVE = new Set<UploadItem["phase"]>(["checking", "starting", "uploading", "saving"]);

/** The one line a screen reader hears: the file at hand, or how the batch ended. */
function uploadSummary(items: readonly UploadItem[]): string {
  if (items.length === 0) return "";
  const at = items.findIndex((item) => ACTIVE.has(item.phase));
  const count = items.length > 1 ? ` (${at + 1} of ${items.length})` : "";
  if (at >= 0) {
    const item = items[at]!;
    return item.phase === "saving"
      ? `Saving ${item.name}${count}…`
      : `Uploading ${item.name}${count}…`;
  }
  if (items.some((item) => item.phase === "waiting")) return "";
  const done = items.filter((item) => item.phase === "done").length;
  if (items.length === 1) {
    return done ? `${items[0]!.name} uploaded.` : `${items[0]!.name} was not uploaded.`;
  }
  return `${done} of ${items.length} files uploaded.`;
}

export function UploadStatus({ items }: { items: readonly UploadItem[] }) {
  return (
    <div className="upload-status">
      <p className="visually-hidden" role="status" aria-live="polite">
        {uploadSummary(items)}
      </p>
      {items.length > 0 && (
        <ul className="upload-list">
          {items.map((item) => (
            <UploadLine key={item.key} item={item} />
          ))}
        </ul>
      )}
    </div>
  );
}

function UploadLine({ item }: { item: UploadItem }) {
  const pct = Math.round(item.progress * 100);
  return (
    <li className="upload-line" data-phase={item.phase}>
      <span className="upload-name">{item.name}</span>
      {item.phase === "uploading" ? (
        <span className="upload-bar">
          <progress max={100} value={pct} aria-label={`Uploading ${item.name}`}>
            {pct}%
          </progress>
          <span aria-hidden="true">{pct}%</span>
        </span>
      ) : item.phase === "done" ? (
        <span className="upload-done">
          <Check aria-hidden="true" className="icon" size="1em" />
          Added
        </span>
      ) : item.phase === "failed" ? (
        <span className="form-error upload-error" role="alert">
          <TriangleAlert aria-hidden="true" className="icon" size="1em" />
          {item.error}
        </span>
      ) : (
        <span className="muted">
          {item.phase === "waiting"
            ? "Waiting…"
            : item.phase === "saving"
              ? "Saving…"
              : "Starting…"}
        </span>
      )}
    </li>
  );
}
