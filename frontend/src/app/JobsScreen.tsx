import { lazy, Suspense, useLayoutEffect, useRef } from "react";
import { useLocation, useSearch } from "wouter";
import { JobsPanel, JOBS_HEADING_ID } from "../features/jobs/components/JobsPanel";
import { TrackJobForm } from "../features/jobs/components/TrackJobForm";
import type { JobId } from "../lib/apiTypes";
import { jobsPath } from "../lib/routes";

// Not on the first screen: fetched when a job is opened (in parallel on a deep link).
const JobView = lazy(() =>
  import("../features/job/components/JobView").then((m) => ({ default: m.JobView })),
);

/** Phones: the list and the job are separate screens (styles.css uses the same width). */
export const PHONE_QUERY = "(max-width: 640px)";
const LIST_SCROLL_KEY = "track.listScroll";

/** On a phone, opening a job starts at its top, and going back to the list (the back link or
 * the browser's Back) returns to where the list was scrolled. */
function usePhoneScreens(jobId: JobId | null) {
  const previous = useRef(jobId);
  useLayoutEffect(() => {
    if (previous.current === jobId) return;
    const wasOnJob = previous.current !== null;
    previous.current = jobId;
    if (!window.matchMedia?.(PHONE_QUERY).matches) return;
    if (jobId !== null) window.scrollTo(0, 0);
    else if (wasOnJob) window.scrollTo(0, Number(sessionStorage.getItem(LIST_SCROLL_KEY) ?? 0));
  }, [jobId]);
}

const rememberListScroll = () => {
  if (window.matchMedia?.(PHONE_QUERY).matches) {
    sessionStorage.setItem(LIST_SCROLL_KEY, String(Math.round(window.scrollY)));
  }
};

/** `/` and `/jobs/:id`: the list (with the track form) and the open job, side by side on a
 * wide screen, one at a time on a phone. One component for both routes, so the list stays
 * mounted (and scrolled) while a job is open. */
export function JobsScreen({ jobId, badId = false }: { jobId: JobId | null; badId?: boolean }) {
  const search = useSearch();
  const [, navigate] = useLocation();
  const backHref = jobsPath(search ? `?${search}` : "");
  usePhoneScreens(jobId);

  return (
    <div className="track-page" data-view={jobId !== null || badId ? "job" : "list"}>
      <div className="sidebar">
        <TrackJobForm />
        <JobsPanel selectedId={jobId} onOpenJob={rememberListScroll} />
      </div>
      <div className="detail">
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
        ) : badId ? (
          <p className="detail-placeholder">There is no job at this address.</p>
        ) : (
          <p className="detail-placeholder">Choose a job to see and update its progress.</p>
        )}
      </div>
    </div>
  );
}
