import { Lock, Undo2 } from "lucide-react";
import type { TrackingEvent } from "../../../lib/apiTypes";
import { formatDate } from "../../../lib/format";
import { describe } from "../model/formModel";

/** "Rejected on 4 Feb 2026 · Position filled · Went with another candidate", why the job is
 * locked, and "Undo rejection". */
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
  return (
    <div className="rejection-banner" role="note">
      <div>
        <p className="rejection-what">
          <strong>Rejected</strong> on {formatDate(rejection.event_date)}
          {reason ? ` · ${reason}` : ""}
        </p>
        <p className="rejection-why">
          <Lock aria-hidden="true" className="icon" />
          Steps and details are locked while the job is rejected. Undo the rejection to change them.
        </p>
      </div>
      <button
        type="button"
        className="button small"
        onClick={onUndo}
        aria-disabled={busy || undefined}
      >
        <Undo2 aria-hidden="true" className="icon" />
        Undo rejection
      </button>
    </div>
  );
}
