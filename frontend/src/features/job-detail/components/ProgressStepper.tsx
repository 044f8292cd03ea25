import { Check, X } from "lucide-react";
import {
  FINAL_STAGES,
  PROGRESS_STAGES,
  STAGE_LABELS,
  type StageValue,
} from "../../../generated/trackingSchema.js";
import type { TrackedJob } from "../../../lib/apiTypes";
import { stepStatus, type StepStatus } from "../model/stageModel";

// Said to screen readers; a step with no status (not reached, or an outcome not taken) says
// nothing, as it shows nothing.
const STATUS_TEXT: Record<StepStatus, string> = {
  done: "done",
  current: "current stage",
  stopped: "ended here", // the job's own stage says how: "rejected here", "withdrawn here"
  none: "",
};

const statusText = (job: TrackedJob, status: StepStatus) =>
  status === "stopped" ? `${STAGE_LABELS[job.stage].toLowerCase()} here` : STATUS_TEXT[status];

function Step({ job, stage }: { job: TrackedJob; stage: StageValue }) {
  const status = stepStatus(job, stage);
  const marked = status === "current" || status === "stopped";
  return (
    <li
      className="step"
      data-status={status}
      data-stage={status === "stopped" ? job.stage : stage}
      aria-current={marked ? "step" : undefined}
    >
      <span className="step-dot" aria-hidden="true">
        {status === "done" && <Check className="icon" />}
        {status === "stopped" && <X className="icon" />}
      </span>
      <span className="step-label">{STAGE_LABELS[stage]}</span>
      {statusText(job, status) && (
        <span className="visually-hidden">, {statusText(job, status)}</span>
      )}
    </li>
  );
}

/** One line: applied, screening, interview, reference, offer, then the outcome (accepted or declined) stacked at its end.
 * Steps the job went through are ticked, the current one is filled in its stage colour, a
 * rejection or a withdrawal is crossed where it happened; everything else stays plain (no "skipped" labels).
 * Status is in words for screen readers and in shape (tick, cross, fill), not colour alone. */
export function ProgressStepper({ job }: { job: TrackedJob }) {
  return (
    <div className="stepper" role="group" aria-label={`Progress of ${job.company}`}>
      <ol className="steps">
        {PROGRESS_STAGES.map((stage) => (
          <Step key={stage} job={job} stage={stage} />
        ))}
        <li className="step-branch">
          <ol
            className="steps-branch"
            aria-label="Outcome"
            data-decided={FINAL_STAGES.some((s) => stepStatus(job, s) !== "none") || undefined}
          >
            {FINAL_STAGES.map((stage) => (
              <Step key={stage} job={job} stage={stage} />
            ))}
          </ol>
        </li>
      </ol>
    </div>
  );
}
