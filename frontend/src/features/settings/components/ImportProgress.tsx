import type { Batch } from "../api/importExport";
import type { Step } from "../model/importSteps";

/** The batches sent so far as a progress bar; at the end, what was created and skipped, and a
 * retry of the failed batches. */
export function ImportProgress({
  step,
  onRetry,
}: {
  step: Extract<Step, { name: "importing" | "done" }>;
  onRetry: (failed: Batch[]) => void;
}) {
  const total = step.built.document.jobs.length;
  const sent = step.outcomes.reduce((n, o) => n + o.batch.document.jobs.length, 0);
  const created = step.outcomes.reduce((n, o) => n + (o.created ?? 0), 0);
  const skipped = step.outcomes.reduce((n, o) => n + (o.skipped ?? 0), 0);
  const failed = step.outcomes.filter((o) => o.error);
  return (
    <div className="import-progress">
      <label>
        <span>
          {step.name === "importing" ? "Importing…" : "Imported"} {sent} of {total}{" "}
          {total === 1 ? "job" : "jobs"}
        </span>
        <progress max={total} value={sent} />
      </label>
      {step.name === "done" && (
        <div role="status">
          <p>
            <strong>
              {created} {created === 1 ? "job" : "jobs"} created, {skipped} skipped as duplicates
              {failed.length
                ? `, ${failed.length} ${failed.length === 1 ? "batch" : "batches"} failed`
                : ""}
              .
            </strong>
          </p>
          {failed.length > 0 && (
            <>
              <ul className="import-problems">
                {failed.map((o) => (
                  <li key={o.batch.start}>
                    Jobs {o.batch.start + 1}–{o.batch.start + o.batch.document.jobs.length}:{" "}
                    {o.error}
                  </li>
                ))}
              </ul>
              <button
                type="button"
                className="button"
                onClick={() => onRetry(failed.map((o) => o.batch))}
              >
                Retry the failed {failed.length === 1 ? "batch" : "batches"}
              </button>
            </>
          )}
        </div>
      )}
    </div>
  );
}
