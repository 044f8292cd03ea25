import { lazy, Suspense } from "react";
import { Link, useRoute } from "wouter";
import { parseJobId } from "../lib/routes";
import { JobsScreen } from "./JobsScreen";

// Not on the first screen: fetched when the calendar is opened.
const CalendarView = lazy(() =>
  import("../features/calendar/components/CalendarView").then((m) => ({
    default: m.CalendarView,
  })),
);

// Not on the first screen: fetched when the board is opened.
const BoardView = lazy(() =>
  import("../features/board/components/BoardView").then((m) => ({
    default: m.BoardView,
  })),
);

// Not on the first screen: fetched when insights or settings are opened.
const InsightsView = lazy(() =>
  import("../features/insights/components/InsightsView").then((m) => ({
    default: m.InsightsView,
  })),
);
const SettingsView = lazy(() =>
  import("../features/settings/components/SettingsView").then((m) => ({
    default: m.SettingsView,
  })),
);

/** The page's routes. `/` and `/jobs/:id` share one screen. Views to come take their own
 * paths here (`/board`, `/calendar`, `/insights`, `/settings`), each lazy-loaded like the job
 * view; until then those paths are simply not found. */
export function AppRoutes() {
  const [onList] = useRoute("/");
  const [onJob, params] = useRoute("/jobs/:id");
  const [onBoard] = useRoute("/board");
  const [onCalendar] = useRoute("/calendar");
  const [onInsights] = useRoute("/insights");
  const [onSettings] = useRoute("/settings");
  if (onList || onJob) {
    const jobId = onJob ? parseJobId(params?.id) : null;
    return <JobsScreen jobId={jobId} badId={onJob && jobId === null} />;
  }
  if (onBoard) {
    return (
      <Suspense
        fallback={
          <p className="detail-placeholder" role="status">
            Loading the board…
          </p>
        }
      >
        <BoardView />
      </Suspense>
    );
  }
  if (onCalendar) {
    return (
      <Suspense
        fallback={
          <p className="detail-placeholder" role="status">
            Loading the calendar…
          </p>
        }
      >
        <CalendarView />
      </Suspense>
    );
  }
  if (onInsights || onSettings) {
    return (
      <Suspense
        fallback={
          <p className="detail-placeholder" role="status">
            Loading…
          </p>
        }
      >
        {onInsights ? <InsightsView /> : <SettingsView />}
      </Suspense>
    );
  }
  return (
    <section className="not-found" aria-labelledby="not-found-heading">
      <h2 id="not-found-heading">There is no page at this address</h2>
      <p>
        <Link href="/">Go to your jobs</Link>
      </p>
    </section>
  );
}
