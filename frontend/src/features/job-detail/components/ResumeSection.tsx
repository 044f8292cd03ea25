import { Check, Download, Eye, FileText, TriangleAlert, Upload } from "lucide-react";
import { useId, useState, type ChangeEvent } from "react";
import { RESUME_MAX_BYTES } from "../../../generated/trackingSchema.js";
import type { TrackedJob } from "../../../lib/apiTypes";
import { formatFileSize } from "../../../lib/format";
import { openStoredFile } from "../../../lib/openStoredFile";
import { useResumeLink, useUploadResume, type UploadPhase } from "../api/resume";
import type { UploadRequest } from "../../../lib/uploadToStorage";
import { resumeProblem } from "../model/resumeFile";

type Phase = "idle" | "checking" | UploadPhase | "done";

const FAILED_AT: Record<UploadPhase, (message: string) => string> = {
  starting: (message) => `Could not start the upload: ${message}`,
  uploading: (message) => message,
  confirming: (message) => `The file was uploaded but not accepted: ${message}`,
};

/** One PDF per job: pick, check on this device, upload straight to storage with progress,
 * confirm; then preview, download or replace. Every failure is said in words. */
export function ResumeSection({
  job,
  disabled = false,
  upload,
}: {
  job: TrackedJob;
  disabled?: boolean;
  /** Tests pass a stand-in for the PUT to storage. */
  upload?: (request: UploadRequest) => Promise<void>;
}) {
  const [phase, setPhase] = useState<Phase>("idle");
  const [progress, setProgress] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const uploadResume = useUploadResume(job.id, upload);
  const resumeLink = useResumeLink(job.id);
  const id = useId();
  const busy = phase !== "idle" && phase !== "done";
  const filename = job.notes?.resume_filename;

  async function onPick(e: ChangeEvent<HTMLInputElement>) {
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
    let at: UploadPhase = "starting";
    setProgress(0);
    try {
      await uploadResume.mutateAsync({
        file,
        onPhase: (next) => {
          at = next;
          setPhase(next);
        },
        onProgress: setProgress,
      });
      setPhase("done");
    } catch (err) {
      setError(FAILED_AT[at]((err as Error).message));
      setPhase("idle");
    }
  }

  async function openResume(disposition: "inline" | "attachment") {
    setError(null);
    try {
      await openStoredFile(() => resumeLink(disposition), {
        inline: disposition === "inline",
        name: filename || "resume.pdf",
      });
    } catch (err) {
      setError(`Could not open the résumé: ${(err as Error).message}`);
    }
  }

  const pct = Math.round(progress * 100);
  const sentResumes = (job.documents ?? []).filter((d) => d.kind === "resume").map((d) => d.name);
  return (
    <section className="job-section resume" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Résumé</h3>
      <p className="resume-current">
        {job.has_resume ? (
          <>
            <FileText aria-hidden="true" className="icon" />
            <span className="visually-hidden">Current file: </span>
            <strong>{filename || "resume.pdf"}</strong>
          </>
        ) : sentResumes.length > 0 ? (
          // A résumé from the library is attached (Documents, above): say so, not "none".
          `Sent from your library: ${sentResumes.join(", ")} (in Documents above). Or attach the PDF here (at most ${formatFileSize(RESUME_MAX_BYTES)}).`
        ) : (
          `No résumé yet. Attach the PDF you sent (at most ${formatFileSize(RESUME_MAX_BYTES)}).`
        )}
      </p>
      <div className="resume-actions">
        {job.has_resume && (
          <>
            <button
              type="button"
              className="button small"
              onClick={() => void openResume("inline")}
              disabled={busy}
            >
              <Eye aria-hidden="true" className="icon" />
              Preview
            </button>
            <button
              type="button"
              className="button small"
              onClick={() => void openResume("attachment")}
              disabled={busy}
            >
              <Download aria-hidden="true" className="icon" />
              Download
            </button>
          </>
        )}
        {!disabled && (
          <div className="file-pick">
            <label
              htmlFor={`${id}-file`}
              className="button small"
              data-disabled={busy || undefined}
            >
              <Upload aria-hidden="true" className="icon" />
              {job.has_resume ? "Replace PDF…" : "Choose PDF…"}
            </label>
            <input
              id={`${id}-file`}
              className="visually-hidden-file"
              type="file"
              accept="application/pdf,.pdf"
              onChange={(e) => void onPick(e)}
              disabled={busy}
            />
          </div>
        )}
      </div>
      {(phase === "uploading" || phase === "confirming") && (
        <div className="upload-progress">
          <label htmlFor={`${id}-progress`}>
            {phase === "uploading" ? `Uploading… ${pct}%` : "Saving…"}
          </label>
          <progress id={`${id}-progress`} max={100} value={pct}>
            {pct}%
          </progress>
        </div>
      )}
      <p className="save-status" aria-live="polite">
        {phase === "done" && !error && (
          <>
            <Check aria-hidden="true" className="icon" />
            Résumé saved.
          </>
        )}
      </p>
      {error && (
        <p className="form-error" role="alert">
          <TriangleAlert aria-hidden="true" className="icon" />
          {error}
        </p>
      )}
    </section>
  );
}
