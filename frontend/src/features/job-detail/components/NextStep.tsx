import { CircleX, LogOut } from "lucide-react";
import type { EventTypeValue } from "../../../generated/trackingSchema.js";
import type { TrackedJob } from "../../../lib/apiTypes";
import { formatDate } from "../../../lib/format";
import { DATE_NOT_KNOWN } from "../../../lib/jobFacts";
import { EVENT_FORMS, STAGE_LABELS } from "../../../generated/trackingSchema.js";
import { latestEvent, nextActions, REJECTED_STAGE } from "../model/stageModel";
import { STAGE_ICONS } from "../../../components/ui/StageBadge";
import { StepMenu } from "./StepMenu";

export const nextStepId = (job: TrackedJob) => `next-step-${job.id}`;

/** The one thing to do next as a primary button, the other allowed steps in a menu, and the
 * rejection (a quieter danger action) and the withdrawal set apart. At an outcome, a line saying how to change it. */
export function NextStep({
  job,
  onAdd,
  onReject,
  onWithdraw,
}: {
  job: TrackedJob;
  onAdd: (type: EventTypeValue) => void;
  onReject: () => void;
  onWithdraw: () => void;
}) {
  const { primary, others, canReject, canWithdraw } = nextActions(job);
  const latest = latestEvent(job);
  if (!primary) {
    return (
      <p className="next-step-done" id={nextStepId(job)}>
        {latest
          ? `${STAGE_LABELS[job.stage]} ${latest.inferred ? `(${DATE_NOT_KNOWN})` : `on ${formatDate(latest.event_date)}`}. To change it, delete that step in the history.`
          : null}
      </p>
    );
  }
  const Icon = STAGE_ICONS[primary.type];
  return (
    <div className="next-step" id={nextStepId(job)} role="group" aria-label="Next step">
      <button type="button" className="button primary" onClick={() => onAdd(primary.type)}>
        <Icon aria-hidden="true" className="icon" />
        {primary.label}
      </button>
      <StepMenu
        label="Other step…"
        items={others.map((step) => ({
          key: step.type,
          label: step.label,
          onSelect: () => onAdd(step.type),
        }))}
      />
      {canReject && (
        <button type="button" className="button quiet danger next-step-reject" onClick={onReject}>
          <CircleX aria-hidden="true" className="icon" />
          {EVENT_FORMS[REJECTED_STAGE].title}
        </button>
      )}
      {canWithdraw && (
        <button type="button" className="button quiet next-step-withdraw" onClick={onWithdraw}>
          <LogOut aria-hidden="true" className="icon" />
          Withdraw…
        </button>
      )}
    </div>
  );
}
