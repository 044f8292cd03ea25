import { lazy, Suspense, type ReactNode } from "react";
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
const BoardScreen = lazy(() =>
  import("./BoardScreen").then((m) => ({
    default: m.BoardScreen,
  })),
);

// Not on the first screen: fetched when insights or settings are opened.
const InsightsView = lazy(() =>
  import("../features/insights/components/InsightsView").then((m) => ({
    default: m.InsightsView,
  })),
);
// Not on the first screen: fetched when the activity report is opened.
const ReportView = lazy(() =>
  import("../features/report/components/ReportView").then((m) => ({
    default: m.ReportView,
  })),
);
// Not on the first screen: fetched when the contacts page is opened.
const ContactsView = lazy(() =>
  import("../features/contacts/components/ContactsView").then((m) => ({
    default: m.ContactsView,
  })),
);
// Not on the first screen: fetched when the documents page is opened.
const DocumentsView = lazy(() =>
  import("../features/documents/components/DocumentsView").then((m) => ({
    default: m.DocumentsView,
  })),
);
// Not on the first screen: the bookmarklet's window (features/capture), in the settings' chunk.
const CapturePage = lazy(() =>
  import("./SettingsScreen").then((m) => ({
    default: m.CapturePage,
  })),
);
const SettingsScreen = lazy(() =>
  import("./SettingsScreen").then((m) => ({
    default: m.SettingsScreen,
  })),
);

/** A lazy view with a spoken "Loading…" line while its chunk arrives. */
function LazyView({ loading, children }: { loading: string; children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <p className="detail-placeholder" role="status">
          {loading}
        </p>
      }
    >
      {children}
    </Suspense>
  );
}

/** The page's routes. `/` and `/jobs/:id` share one screen (the table, with the job beside it);
 * every other view (`/board`, `/calendar`, `/insights`, `/report`, `/contacts`, `/documents`, `/settings`, the bookmarklet's `/capture`) is lazy-loaded on its own
 * path; any other path is "not found". `userName`: the signed-in user (the report keeps their
 * printed name per account); `userEmail`: the sign-in's address, where it has one (the
 * notification settings start from it). */
export function AppRoutes({
  userName = "",
  userEmail = null,
  onAccountDeleted,
}: {
  userName?: string;
  userEmail?: string | null;
  /** After "delete my data": delete the sign-in account (Cognito) and sign out. */
  onAccountDeleted?: () => Promise<void>;
}) {
  const [onList] = useRoute("/");
  const [onJob, params] = useRoute("/jobs/:id");
  const [onBoard] = useRoute("/board");
  const [onCalendar] = useRoute("/calendar");
  const [onInsights] = useRoute("/insights");
  const [onReport] = useRoute("/report");
  const [onContacts] = useRoute("/contacts");
  const [onDocuments] = useRoute("/documents");
  const [onSettings] = useRoute("/settings");
  const [onCapture] = useRoute("/capture");
  if (onList || onJob) {
    const jobId = onJob ? parseJobId(params?.id) : null;
    return <JobsScreen jobId={jobId} badId={onJob && jobId === null} />;
  }
  if (onBoard) {
    return (
      <LazyView loading="Loading the board…">
        <BoardScreen />
      </LazyView>
    );
  }
  if (onCalendar) {
    return (
      <LazyView loading="Loading the calendar…">
        <CalendarView />
      </LazyView>
    );
  }
  if (onReport) {
    return (
      <LazyView loading="Loading the report…">
        <ReportView account={userName} />
      </LazyView>
    );
  }
  if (onContacts) {
    return (
      <LazyView loading="Loading your contacts…">
        <ContactsView />
      </LazyView>
    );
  }
  if (onDocuments) {
    return (
      <LazyView loading="Loading your documents…">
        <DocumentsView />
      </LazyView>
    );
  }
  if (onCapture) {
    return (
      <LazyView loading="Loading…">
        <CapturePage />
      </LazyView>
    );
  }
  if (onInsights || onSettings) {
    return (
      <LazyView loading="Loading…">
        {onInsights ? (
          <InsightsView />
        ) : (
          <SettingsScreen signInEmail={userEmail} onAccountDeleted={onAccountDeleted} />
        )}
      </LazyView>
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
