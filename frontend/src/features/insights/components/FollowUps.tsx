import { lazy, Suspense, useState } from "react";
import { Link } from "wouter";
import { formatDate } from "../../../lib/format";
import { jobPath } from "../../../lib/routes";
import { useInsights } from "../api/useInsights";
import { rejectKey, useMarkRejected } from "../api/useMarkRejected";
import { followUpSentence, type FollowUp } from "../model/insightsModel";
import "./followUps.css";

// Fetched when first asked: the jobs view shows these on its first screen, the dialog rarely.
const ConfirmDialog = lazy(() =>
  import("../../../components/ui/Dialog").then((m) => ({ default: m.ConfirmDialog })),
);

/** How many follow-ups show before "Show all". */
const COMPACT_COUNT = 3;

/** Jobs with no news for STALE_DAYS or more (from GET /api/insights): open the job to record
 * what happened, or mark it rejected ("no response") after a confirmation. Hidden when none. */
export function FollowUps() {
  const insights = useInsights();
  const reject = useMarkRejected();
  const [asking, setAsking] = useState<{ item: FollowUp; key: string } | null>(null);
  const [expanded, setExpanded] = useState(false);
  const items = insights.data?.follow_up ?? [];
  if (!items.length && !asking) return null;
  const shown = expanded ? items : items.slice(0, COMPACT_COUNT);

  return (
    <section className="follow-ups" aria-labelledby="follow-ups-heading">
      <h3 id="follow-ups-heading">Follow up ({items.length})</h3>
      <ul>
        {shown.map((item) => (
          <li key={item.job_id}>
            <p>
              <strong>{followUpSentence(item)}</strong>
              <span className="follow-up-meta">
                {item.title} · last step {formatDate(item.last_event_date)}
              </span>
            </p>
            <div className="follow-up-actions">
              <Link className="button small" href={jobPath(item.job_id)}>
                Record what happened
              </Link>
              <button
                type="button"
                className="button small"
                onClick={() => {
                  reject.reset();
                  setAsking({ item, key: rejectKey() });
                }}
              >
                Mark as rejected
              </button>
            </div>
          </li>
        ))}
      </ul>
      {items.length > COMPACT_COUNT && (
        <button
          type="button"
          className="link-button"
          aria-expanded={expanded}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? "Show fewer" : `Show all ${items.length}`}
        </button>
      )}
      {asking && (
        <Suspense fallback={null}>
          <ConfirmDialog
            title={`Mark ${asking.item.company} as rejected?`}
            confirmLabel="Mark as rejected"
            busy={reject.isPending}
            error={reject.error?.message ?? null}
            onConfirm={() => {
              reject.mutate(
                { jobId: asking.item.job_id, key: asking.key },
                { onSuccess: () => setAsking(null) },
              );
            }}
            onClose={() => setAsking(null)}
          >
            <p>
              This records a rejection dated today with the reason “no response” on{" "}
              {asking.item.title} at {asking.item.company}. You can undo it from the job by deleting
              the rejection.
            </p>
          </ConfirmDialog>
        </Suspense>
      )}
    </section>
  );
}
