import {
  FINAL_STAGES,
  PROGRESS_STAGES,
  type StageValue,
} from "../../../generated/trackingSchema.js";
import type { TrackedJob } from "../../../lib/apiTypes";
import { stageLabel, stepStatus, type StepStatus } from "../model/stageModel";

const STATUS: Record<StepStatus, { icon: string; text: string }> = {
  done: { icon: "✓", text: "done" },
  current: { icon: "●", text: "current stage" },
  stopped: { icon: "✕", text: "rejected here" },
  skipped: { icon: "–", text: "skipped" },
  upcoming: { icon: "○", text: "not yet" },
};

function Step({ job, stage }: { job: TrackedJob; stage: StageValue }) {
  const status = stepStatus(job, stage);
  const { icon, text } = STATUS[status];
  const isCurrent = status === "current" || status === "stopped";
  return (
    <li className="step" data-status={status} aria-current={isCurrent ? "step" : undefined}>
      <span className="step-icon" aria-hidden="true">
        {icon}
      </span>
      <span className="step-label">{stageLabel(stage)}</span>
      <span className="step-status">{text}</span>
    </li>
  );
}

/** applied → … → offer, then the accepted/declined branch. The current stage carries
 * aria-current="step"; a rejected job marks where it stopped. Status is in words and
 * symbols, not colour alone. */
export function ProgressStepper({ job }: { job: TrackedJob }) {
  return (
    <div className="stepper" role="group" aria-label={`Progress of ${job.company}`}>
      <ol className="steps">
        {PROGRESS_STAGES.map((stage) => (
          <Step key={stage} job={job} stage={stage} />
        ))}
        <li className="step-branch">
          <ol className="steps branch" aria-label="Decision">
            {FINAL_STAGES.map((stage) => (
              <Step key={stage} job={job} stage={stage} />
            ))}
          </ol>
        </li>
      </ol>
    </div>
  );
}
