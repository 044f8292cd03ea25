import { ChevronLeft, Trash2, TriangleAlert } from "lucide-react";
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { Link } from "wouter";
import { PostingSection } from "../../../components/posting/PostingSection";
import { useToast } from "../../../components/ui/Toast";
import type { TrackedJob } from "../../../lib/apiTypes";
import { useFocusAfterRender } from "../../../lib/useFocusAfterRender";
import { useDeleteEvent } from "../api/jobMutations";
import { WITHDRAWN_STAGE, isLocked, latestEvent } from "../model/stageModel";
import { JobDetails } from "./JobDetails";
import { DocumentsSection } from "./DocumentsSection";
import { JobDialogs, type OpenDialog } from "./JobDialogs";
import { JobHeader } from "./JobHeader";
import { JobLabels } from "./JobLabels";
import { NextStep, nextStepId } from "./NextStep";
import { PeopleSection } from "./PeopleSection";
import { ProgressStepper } from "./ProgressStepper";
import { RejectionBanner } from "./RejectionBanner";
import { ResumeSection } from "./ResumeSection";
import { Timeline } from "./Timeline";

// The job's writes that wait for the network (lib/offline): loaded after the first screen.
const PendingWrites = lazy(() => import("../../../components/offline/PendingWrites"));

function matchesFocusVisible(element: HTMLElement): boolean {
  try {
    return element.matches(":focus-visible");
  } catch {
    return false; // a browser without :focus-visible shows no ring either way
  }
}

/** Focus `element`; when what had focus before was not focused by keyboard (a click on a row, a
 * pointer on a link, a page load) the element is marked `data-quiet-focus` (no ring, job.css)
 * until it loses focus, as the browser itself does for a clicked control. */
function focusQuietlyAfterPointer(element: HTMLElement) {
  const before = document.activeElement;
  if (!(before instanceof HTMLElement && matchesFocusVisible(before))) {
    element.dataset.quietFocus = "";
    element.addEventListener("blur", () => delete element.dataset.quietFocus, { once: true });
  }
  element.focus({ preventScroll: true });
}

/** The job: header (edited in place), stepper, the next step, the history, details, résumé,
 * reject or withdraw/undo and delete. Every change re-renders from the TrackedJob the API returns. */
export function JobCard({
  job,
  backHref,
  onDeleted,
}: {
  job: TrackedJob;
  backHref: string;
  onDeleted: () => void;
}) {
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [error, setError] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const notify = useToast();
  const deleteEvent = useDeleteEvent(job.id);
  const locked = isLocked(job);
  const posting = job.posting ?? null;
  const rejection = locked ? latestEvent(job) : null;
  const headingId = `job-${job.id}-heading`;

  // A job that opens takes focus, so keyboard and screen reader users land on it; its ring
  // only shows when the job was opened from the keyboard (see focusQuietlyAfterPointer).
  useEffect(() => {
    if (headingRef.current) focusQuietlyAfterPointer(headingRef.current);
  }, []);

  /** Where focus goes when a dialog's opener is gone: the next step's first button, or the job. */
  const nextStepFocus = () =>
    document.querySelector<HTMLElement>(`#${nextStepId(job)} button`) ?? headingRef.current;

  // A change can remove the focused button (the menu once no other step is left, the next step
  // at an outcome): focus then goes to the next step, or the job, never to the page's body.
  useEffect(() => {
    const active = document.activeElement;
    if (!dialog && (!active || active === document.body)) nextStepFocus()?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the job changes
  }, [job]);

  async function undoRejection(current: TrackedJob = job) {
    const last = latestEvent(current);
    if (!last || !isLocked(current)) return;
    const what = last.event_type === WITHDRAWN_STAGE ? "withdrawal" : "rejection";
    setError(null);
    try {
      await deleteEvent.mutateAsync(last.id);
      notify({ message: `${current.company}: ${what} undone.` });
      focusAfterRender(() => headingRef.current);
    } catch (err) {
      setError(`Could not undo the ${what}: ${(err as Error).message}`);
    }
  }

  return (
    <article className="job-view" aria-labelledby={headingId} data-stage={job.stage}>
      <Link href={backHref} className="back-link">
        <ChevronLeft aria-hidden="true" className="icon" />
        All jobs
      </Link>
      <JobHeader job={job} headingId={headingId} headingRef={headingRef} editable={!locked} />
      {rejection && (
        <RejectionBanner
          rejection={rejection}
          busy={deleteEvent.isPending}
          onUndo={() => void undoRejection()}
        />
      )}
      {error && (
        <p className="form-error" role="alert">
          <TriangleAlert aria-hidden="true" className="icon" />
          {error}
        </p>
      )}

      <ProgressStepper job={job} />

      {!locked && (
        <NextStep
          job={job}
          onAdd={(type) => setDialog({ kind: "add", type })}
          onReject={() => setDialog({ kind: "reject" })}
          onWithdraw={() => setDialog({ kind: "withdraw" })}
        />
      )}

      <Suspense fallback={null}>
        <PendingWrites jobId={job.id} />
      </Suspense>

      <Timeline
        job={job}
        onEdit={(event) => setDialog({ kind: "edit", event })}
        onDelete={(event) => setDialog({ kind: "delete-event", event })}
      />

      <JobLabels job={job} disabled={locked} />
      <JobDetails job={job} disabled={locked} />
      {posting && <PostingSection posting={posting} />}
      <PeopleSection job={job} disabled={locked} />
      <DocumentsSection job={job} disabled={locked} />
      <ResumeSection job={job} disabled={locked} />

      <footer className="job-view-footer">
        <button
          type="button"
          className="button small quiet danger"
          onClick={() => setDialog({ kind: "delete-job" })}
        >
          <Trash2 aria-hidden="true" className="icon" />
          Delete job…
        </button>
      </footer>

      {dialog && (
        <JobDialogs
          job={job}
          dialog={dialog}
          setDialog={setDialog}
          headingRef={headingRef}
          nextStepFocus={nextStepFocus}
          onDeleted={onDeleted}
          undoRejection={(updated) => void undoRejection(updated)}
        />
      )}
    </article>
  );
}
