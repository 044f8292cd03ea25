import { useId, useRef, useState } from "react";
import { RESUME_MAX_BYTES } from "../../../generated/trackingSchema.js";
import { uploadToStorage } from "../api/uploadToStorage.js";

const MIB = 1024 * 1024;
const formatSize = (bytes) =>
  bytes >= MIB ? `${Number((bytes / MIB).toFixed(1))} MiB` : `${Math.max(1, Math.round(bytes / 1024))} KiB`;
const formatBytes = (bytes) => `${bytes.toLocaleString("en")} bytes`;

function readHead(file, length) {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result));
    reader.onerror = () => resolve(new Uint8Array());
    reader.readAsArrayBuffer(file.slice(0, length));
  });
}

/** Why a file cannot be a résumé, checked on this device before any request; null if fine. */
export async function resumeProblem(file) {
  const limit = `${formatSize(RESUME_MAX_BYTES)} (${formatBytes(RESUME_MAX_BYTES)})`;
  if (!/\.pdf$/i.test(file.name) || (file.type && file.type !== "application/pdf")) {
    return `${file.name} is not a PDF. Choose a .pdf file.`;
  }
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > RESUME_MAX_BYTES) {
    return `${file.name} is too large: ${formatSize(file.size)} (${formatBytes(file.size)}); the limit is ${limit}.`;
  }
  const head = new TextDecoder().decode(await readHead(file, 5));
  if (head !== "%PDF-") return `${file.name} does not look like a PDF (it does not start with %PDF-).`;
  return null;
}

/** One PDF per job: pick, check, upload straight to storage with progress, confirm;
 * then preview, download or replace. Every failure is said in words. */
export function ResumeSection({ job, trackApi, onJobChange, disabled = false, upload = uploadToStorage }) {
  const [phase, setPhase] = useState("idle"); // idle | checking | uploading | confirming | done
  const [progress, setProgress] = useState(0);
  const [error, setError] = useState(null);
  const inputRef = useRef(null);
  const id = useId();
  const busy = phase === "checking" || phase === "uploading" || phase === "confirming";
  const filename = job.notes?.resume_filename;

  async function onPick(e) {
    const file = e.target.files?.[0];
    e.target.value = "";
    if (!file) return;
    setError(null);
    setPhase("checking");
    const problem = await resumeProblem(file);
    if (problem) {
      setError(problem);
      setPhase("idle");
      return;
    }
    let grant;
    try {
      grant = await trackApi.resumeUploadUrl(job.id, { filename: file.name, size: file.size });
    } catch (err) {
      setError(`Could not start the upload: ${err.message}`);
      setPhase("idle");
      return;
    }
    setProgress(0);
    setPhase("uploading");
    try {
      await upload({ url: grant.upload_url, method: grant.method, headers: grant.headers, file, onProgress: setProgress });
    } catch (err) {
      setError(err.message);
      setPhase("idle");
      return;
    }
    setPhase("confirming");
    try {
      onJobChange(await trackApi.confirmResume(job.id, { key: grant.key, filename: file.name }));
      setPhase("done");
    } catch (err) {
      setError(`The file was uploaded but not accepted: ${err.message}`);
      setPhase("idle");
    }
  }

  async function openResume(disposition) {
    setError(null);
    // Open the tab while the click still counts as the user's, then point it at the file.
    const preview = disposition === "inline" ? window.open("", "_blank") : null;
    try {
      const { url, filename: name } = await trackApi.resumeUrl(job.id, disposition);
      if (disposition === "inline") {
        if (!preview) throw new Error("the browser blocked the new tab; allow pop-ups for this page");
        preview.opener = null;
        preview.location.href = url;
      } else {
        const link = document.createElement("a");
        link.href = url;
        link.download = name || filename || "resume.pdf";
        link.rel = "noopener";
        document.body.appendChild(link);
        link.click();
        link.remove();
      }
    } catch (err) {
      preview?.close();
      setError(`Could not open the résumé: ${err.message}`);
    }
  }

  const pct = Math.round(progress * 100);
  return (
    <section className="resume" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Résumé</h3>
      <p className="resume-current">
        {job.has_resume ? (
          <>
            Current file: <strong>{filename || "resume.pdf"}</strong>
          </>
        ) : (
          `No résumé yet. Attach the PDF you sent (at most ${formatSize(RESUME_MAX_BYTES)}).`
        )}
      </p>
      {job.has_resume && (
        <div className="card-actions">
          <button type="button" className="button small" onClick={() => openResume("inline")} disabled={busy}>
            Preview
          </button>
          <button type="button" className="button small" onClick={() => openResume("attachment")} disabled={busy}>
            Download
          </button>
        </div>
      )}
      {!disabled && (
        <div className="file-pick">
          <label htmlFor={`${id}-file`} className="button small" data-disabled={busy || undefined}>
            {job.has_resume ? "Replace PDF…" : "Choose PDF…"}
          </label>
          <input
            ref={inputRef}
            id={`${id}-file`}
            className="visually-hidden-file"
            type="file"
            accept="application/pdf,.pdf"
            onChange={onPick}
            disabled={busy}
          />
        </div>
      )}
      {(phase === "uploading" || phase === "confirming") && (
        <div className="upload-progress">
          <label htmlFor={`${id}-progress`}>{phase === "uploading" ? `Uploading… ${pct}%` : "Saving…"}</label>
          <progress id={`${id}-progress`} max={100} value={pct}>
            {pct}%
          </progress>
        </div>
      )}
      <p className="save-status" aria-live="polite">
        {phase === "done" && !error ? "✓ Résumé saved." : ""}
      </p>
      {error && (
        <p className="form-error" role="alert">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </section>
  );
}
