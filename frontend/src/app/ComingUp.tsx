/** The jobs view's reminders, composed here because they belong to other features: the next
 * dates (calendar) and the jobs to follow up on (insights). A right rail on wide screens while
 * no job is open; elsewhere a strip folded to one line, so the table stays above the fold. */
import { CalendarClock, ChevronDown } from "lucide-react";
import { Upcoming } from "../features/calendar/components/Upcoming";
import { useUpcoming } from "../features/calendar/api/upcoming";
import { FollowUps } from "../features/insights/components/FollowUps";
import { useInsights } from "../features/insights/api/useInsights";
import { todayIso } from "../lib/format";
import "./comingUp.css";

export function ComingUpRail() {
  return (
    <aside className="coming-up-rail" aria-label="Coming up">
      <Upcoming />
      <FollowUps />
    </aside>
  );
}

export function ComingUpStrip() {
  const upcoming = useUpcoming(todayIso()).data?.items?.length ?? 0;
  const followUps = useInsights().data?.follow_up?.length ?? 0;
  if (!upcoming && !followUps) return null;
  const parts = [
    upcoming && `${upcoming} date${upcoming === 1 ? "" : "s"} in the next 2 weeks`,
    followUps && `${followUps} to follow up`,
  ].filter(Boolean);
  return (
    <details className="coming-up-strip">
      <summary>
        <CalendarClock size={16} aria-hidden="true" />
        <span>Coming up: {parts.join(" · ")}</span>
        <ChevronDown size={16} aria-hidden="true" className="chevron" />
      </summary>
      <div className="coming-up-strip-body">
        <Upcoming />
        <FollowUps />
      </div>
    </details>
  );
}
