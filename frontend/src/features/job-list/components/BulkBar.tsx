import { Trash2, X } from "lucide-react";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { ConfirmDialog } from "../../../components/ui/Dialog";
import { STAGE_LABELS, type EventTypeValue } from "../../../generated/trackingSchema.js";
import type { TrackedJob } from "../../../lib/apiTypes";
import { PRIORITY_LABELS, TAG_MAX_LENGTH } from "../../../lib/jobLabels";
import { useTags } from "../../../lib/useTags";
import { useBulkRun } from "../api/useBulkRun";
import {
  actionProblem,
  doneMessage,
  jobName,
  MOVE_TARGETS,
  planBulk,
  tagsOf,
  type BulkAction,
  type Skipped,
} from "../model/bulk";
import "./bulkBar.css";

interface Report {
  message: string;
  failed: { job: TrackedJob; message: string }[];
  skipped: Skipped[];
}

/** What to do with the ticked jobs: set their priority, add or remove a tag, move them to a
 * stage where the stage rules allow it, or delete them (one confirmation naming the count).
 * Each runs the per-job API calls a few at a time, says how far it is, and then lists every job
 * it skipped (and why) and every one that failed (with the server's reason). */
export function BulkBar({
  jobs,
  onClear,
  headingId,
}: {
  /** The ticked jobs among those shown, in the table's order. */
  jobs: readonly TrackedJob[];
  onClear: () => void;
  /** Where focus goes once the ticked jobs are deleted. */
  headingId: string;
}) {
  const id = useId();
  const run = useBulkRun();
  const suggestions = useTags().map((t) => t.tag);
  const [priority, setPriority] = useState(3);
  const [newTag, setNewTag] = useState("");
  const [oldTag, setOldTag] = useState("");
  const [stage, setStage] = useState<EventTypeValue>(MOVE_TARGETS[0]!);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  // The jobs the open confirmation would delete (fixed when it opened).
  const [confirming, setConfirming] = useState<readonly TrackedJob[] | null>(null);
  const busy = progress !== null;
  const ticked = tagsOf(jobs);
  const removable = ticked.includes(oldTag) ? oldTag : (ticked[0] ?? "");
  const jobCount = (n: number) => `${n} job${n === 1 ? "" : "s"}`;

  async function apply(action: BulkAction, targets: readonly TrackedJob[] = jobs) {
    if (busy) return;
    const problem = actionProblem(action);
    if (problem) {
      setReport({ message: problem, failed: [], skipped: [] });
      return;
    }
    const plan = planBulk(targets, action);
    const failed: Report["failed"] = [];
    let done = 0;
    setReport(null);
    setProgress({ done, total: plan.steps.length });
    const outcomes = await run(plan.steps, (outcome) => {
      done += 1;
      setProgress({ done, total: plan.steps.length });
      if (outcome.error) failed.push({ job: outcome.item.job, message: outcome.error.message });
    });
    setProgress(null);
    const succeeded = outcomes.filter((o) => !o.error).length;
    setReport({ message: doneMessage(action, succeeded), failed, skipped: plan.skipped });
    if (action.kind === "add-tag" && !failed.length) setNewTag("");
    if (action.kind === "delete") {
      setConfirming(null);
      document.getElementById(headingId)?.focus();
    }
  }

  const submit = (action: () => BulkAction) => (e: FormEvent) => {
    e.preventDefault();
    void apply(action());
  };

  return (
    <section className="bulk-bar" aria-labelledby={`${id}-heading`} aria-busy={busy || undefined}>
      <div className="bulk-head">
        <h3 id={`${id}-heading`}>
          {jobs.length ? `${jobCount(jobs.length)} selected` : "No jobs selected"}
        </h3>
        <button type="button" className="button ghost small" onClick={onClear}>
          <X size={16} aria-hidden="true" />
          {jobs.length ? "Clear selection" : "Close"}
        </button>
      </div>
      {jobs.length > 0 && (
        <div className="bulk-actions">
          <BulkForm label="Set priority" onSubmit={submit(() => ({ kind: "priority", priority }))}>
            <select
              aria-label="Priority"
              value={priority}
              onChange={(e) => setPriority(Number(e.target.value))}
            >
              {PRIORITY_LABELS.map((label, value) => (
                <option key={label} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </BulkForm>
          <BulkForm label="Add tag" onSubmit={submit(() => ({ kind: "add-tag", tag: newTag }))}>
            <input
              type="text"
              aria-label="Tag to add"
              list={`${id}-tags`}
              value={newTag}
              maxLength={TAG_MAX_LENGTH + 10}
              placeholder="Tag"
              onChange={(e) => setNewTag(e.target.value)}
            />
            <datalist id={`${id}-tags`}>
              {suggestions.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          </BulkForm>
          {ticked.length > 0 && (
            <BulkForm
              label="Remove tag"
              onSubmit={submit(() => ({ kind: "remove-tag", tag: removable }))}
            >
              <select
                aria-label="Tag to remove"
                value={removable}
                onChange={(e) => setOldTag(e.target.value)}
              >
                {ticked.map((tag) => (
                  <option key={tag} value={tag}>
                    {tag}
                  </option>
                ))}
              </select>
            </BulkForm>
          )}
          <BulkForm label="Move" onSubmit={submit(() => ({ kind: "move", stage }))}>
            <select
              aria-label="Stage to move to (dated today)"
              value={stage}
              onChange={(e) => setStage(e.target.value as EventTypeValue)}
            >
              {MOVE_TARGETS.map((target) => (
                <option key={target} value={target}>
                  {STAGE_LABELS[target]}
                </option>
              ))}
            </select>
          </BulkForm>
          <button
            type="button"
            className="button small danger"
            aria-disabled={busy || undefined}
            onClick={() => !busy && setConfirming(jobs)}
          >
            <Trash2 size={16} aria-hidden="true" />
            Delete…
          </button>
        </div>
      )}
      <p className="bulk-status" role="status">
        {progress
          ? `Working… ${progress.done} of ${progress.total} done.`
          : report && !report.failed.length
            ? report.message
            : ""}
      </p>
      {report && (report.failed.length > 0 || report.skipped.length > 0) && (
        <div className="bulk-report">
          {report.failed.length > 0 && (
            <div role="alert">
              <p>
                {report.message} Could not change {report.failed.length}:
              </p>
              <ul>
                {report.failed.map(({ job, message }) => (
                  <li key={job.id}>
                    {jobName(job)}: {message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {report.skipped.length > 0 && (
            <div>
              <p>Skipped {report.skipped.length}:</p>
              <ul>
                {report.skipped.map(({ job, reason }) => (
                  <li key={job.id}>
                    {jobName(job)}: {reason}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Delete ${jobCount(confirming.length)}?`}
          confirmLabel={`Delete ${jobCount(confirming.length)}`}
          busy={busy}
          onConfirm={() => void apply({ kind: "delete" }, confirming)}
          onClose={() => !busy && setConfirming(null)}
        >
          <p>
            {confirming
              .slice(0, 5)
              .map((job) => jobName(job))
              .join(", ")}
            {confirming.length > 5 ? ` and ${confirming.length - 5} more` : ""}: their steps and
            résumés are deleted for good.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** One action: its control(s) and the button that runs it. */
function BulkForm({
  label,
  onSubmit,
  children,
}: {
  label: string;
  onSubmit: (e: FormEvent) => void;
  children: ReactNode;
}) {
  return (
    <form className="bulk-form" onSubmit={onSubmit} aria-label={label}>
      {children}
      <button type="submit" className="button small secondary">
        {label}
      </button>
    </form>
  );
}
