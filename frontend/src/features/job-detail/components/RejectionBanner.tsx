import { Lock, Undo2 } from "lucide-react";
import type { TrackingEvent } from "../../../lib/apiTypes";
import { formatDate } from "../../../lib/format";
import { DATE_NOT_KNOWN } from "../../../lib/jobFacts";
import { STAGE_LABELS } from "../../../generated/trackingSchema.js";
import { describe } from "../model/formModel";
import { WITHDRAWN_STAGE } from "../model/stageModel";

/** "Rejected on 4 Feb 2026 · Position filled · Went with another candidate", why the job is
 * locked, and "Undo rejection"; for a withdrawal, "Withdrawn on ..." and "Undo withdrawal". */
export function RejectionBanner({
  rejection,
  busy,
  onUndo,
}: {
  rejection: TrackingEvent;
  busy: boolean;
  onUndo: () => void;
}) {
  const reason = describe(rejection).facts.join(" · ");
  const stage = rejection.event_type;
  const what = stage === WITHDRAWN_STAGE ? "withdrawal" : "rejection";
  return (
    <div className="rejection-banner" role="note">
      <div>
        <p className="rejection-what">
          <strong>{STAGE_LABELS[stage]}</strong>{" "}
          {rejection.inferred ? `(${DATE_NOT_KNOWN})` : `on ${formatDate(rejection.event_date)}`}
          {reason ? ` · ${reason}` : ""}
        </p>
        <p className="rejection-why">
          <Lock aria-hidden="true" className="icon" />
          Steps and details are locked while the job is {STAGE_LABELS[stage].toLowerCase()}. Undo
          the {what} to change them.
        </p>
      </div>
      <button
        type="button"
        className="button small"
        onClick={onUndo}
        aria-disabled={busy || undefined}
      >
        <Undo2 aria-hidden="true" className="icon" />
        Undo {what}
      </button>
    </div>
  );
}
