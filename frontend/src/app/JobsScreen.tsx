import { X } from "lucide-react";
import { lazy, Suspense, useEffect, useLayoutEffect, useRef } from "react";
import { useLocation, useSearch } from "wouter";
import { JobsView, JOBS_HEADING_ID } from "../features/job-list/components/JobsView";
import type { JobId } from "../lib/apiTypes";
import { jobsPath } from "../lib/routes";
import { leaveAllowed, leaveNeedsCare } from "../lib/leaveGuard";
import { PHONE_QUERY, useMediaQuery } from "../lib/useMediaQuery";
import { ComingUpRail, ComingUpStrip } from "./ComingUp";
import "./jobsScreen.css";

// Not on the first screen: fetched when a job is opened (in parallel on a deep link).
const JobView = lazy(() =>
  import("../features/job-detail/components/JobView").then((m) => ({ default: m.JobView })),
);

/** Wide enough for the reminders beside the table (while no job is open). */
const RAIL_QUERY = "(min-width: 1440px)";
const LIST_SCROLL_KEY = "track.listScroll";

/** Focus on the job's row (or card) in the list, else on the list's heading: where a person
 * coming back from the job continues, never the page's body. */
function focusJobInList(jobId: JobId | null) {
  const link =
    jobId === null
      ? null
      : document.querySelector<HTMLElement>(
          // The table's row or the phone list's card (not a reminder's link above them).
          `.jobs-results a[href="/jobs/${jobId}"], .jobs-results a[href^="/jobs/${jobId}?"]`,
        );
  (link ?? document.getElementById(JOBS_HEADING_ID))?.focus({ preventScroll: true });
}

/** On a phone, opening a job starts at its top, and going back to the list (the back link or
 * the browser's Back) returns to where the list was scrolled, focus on the job's card. */
function usePhoneScreens(jobId: JobId | null) {
  const previous = useRef(jobId);
  useLayoutEffect(() => {
    if (previous.current === jobId) return;
    const left = previous.current;
    previous.current = jobId;
    if (!window.matchMedia?.(PHONE_QUERY).matches) return;
    if (jobId !== null) window.scrollTo(0, 0);
    else if (left !== null) {
      window.scrollTo(0, Number(sessionStorage.getItem(LIST_SCROLL_KEY) ?? 0));
      // The job view (and the focus it held) is gone: focus would fall to the body.
      if (!document.activeElement || document.activeElement === document.body) {
        requestAnimationFrame(() => focusJobInList(left));
      }
    }
  }, [jobId]);
}

const rememberListScroll = () => {
  if (window.matchMedia?.(PHONE_QUERY).matches) {
    sessionStorage.setItem(LIST_SCROLL_KEY, String(Math.round(window.scrollY)));
  }
};

const isEditable = (el: EventTarget | null) =>
  el instanceof HTMLElement &&
  (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

/** Close the side panel: back to the list with its filters, focus on the job's row. */
function useClosePanel(jobId: JobId | null, backHref: string, enabled: boolean) {
  const [, navigate] = useLocation();
  const close = () => {
    const go = () => {
      navigate(backHref);
      requestAnimationFrame(() => focusJobInList(jobId));
    };
    // Typed details still saving (or failed) are saved or given up knowingly first.
    if (leaveNeedsCare()) void leaveAllowed().then((ok) => ok && go());
    else go();
  };
  const latest = useRef(close);
  useLayoutEffect(() => {
    latest.current = close;
  });
  useEffect(() => {
    if (!enabled) return undefined;
    function onKeyDown(event: KeyboardEvent) {
      // Dialogs answer Escape first; a field keeps it (e.g. to clear a search box).
      if (event.key !== "Escape" || event.defaultPrevented || isEditable(event.target)) return;
      if (document.querySelector("dialog[open]")) return;
      latest.current();
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [enabled]);
  return close;
}

/** `/` and `/jobs/:id`: the table, and the open job as a panel beside it on a wide screen, one
 * at a time on a phone. One component for both routes, so the table stays mounted (and
 * scrolled) while a job is open. With no job open the table takes the width. */
export function JobsScreen({ jobId, badId = false }: { jobId: JobId | null; badId?: boolean }) {
  const search = useSearch();
  const [, navigate] = useLocation();
  const backHref = jobsPath(search ? `?${search}` : "");
  const phone = useMediaQuery(PHONE_QUERY);
  const wide = useMediaQuery(RAIL_QUERY);
  const open = jobId !== null || badId;
  const close = useClosePanel(jobId, backHref, open && !phone);
  usePhoneScreens(jobId);

  return (
    <div className="track-page" data-view={open ? "job" : "list"}>
      <div className="list-pane">
        <JobsView
          selectedId={jobId}
          narrow={open}
          onOpenJob={rememberListScroll}
          strip={open || !wide ? <ComingUpStrip /> : null}
        />
      </div>
      {!open && wide && <ComingUpRail />}
      {open && (
        <div className="job-panel">
          <div className="job-panel-bar">
            <button type="button" className="button ghost small" onClick={close}>
              <X size={16} aria-hidden="true" />
              Close
            </button>
          </div>
          {jobId !== null ? (
            <Suspense
              fallback={
                <p className="detail-placeholder" role="status">
                  Loading the job…
                </p>
              }
            >
              <JobView
                jobId={jobId}
                backHref={backHref}
                onDeleted={() => {
                  navigate(backHref);
                  requestAnimationFrame(() => document.getElementById(JOBS_HEADING_ID)?.focus());
                }}
              />
            </Suspense>
          ) : (
            <p className="detail-placeholder">There is no job at this address.</p>
          )}
        </div>
      )}
    </div>
  );
}
