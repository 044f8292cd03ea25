import { ExternalLink, Pencil } from "lucide-react";
import { useState, type RefObject } from "react";
import { StageBadge } from "../../../components/ui/StageBadge";
import type { TrackedJob } from "../../../lib/apiTypes";
import { useFocusAfterRender } from "../../../lib/useFocusAfterRender";
import { JobFieldsForm } from "./JobFieldsForm";

/** The job's title, company, stage and posting link, with "Edit job" (company, title and URL
 * edited in place; unavailable while the job is rejected). The heading is where focus lands. */
export function JobHeader({
  job,
  headingId,
  headingRef,
  editable,
}: {
  job: TrackedJob;
  headingId: string;
  headingRef: RefObject<HTMLHeadingElement | null>;
  editable: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const focusAfterRender = useFocusAfterRender();
  return (
    <>
      <header className="job-card-header">
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          {job.title} <span className="at">at</span> {job.company}
        </h2>
        <div className="job-meta">
          <StageBadge stage={job.stage} />
          {job.job_url && (
            <a href={job.job_url} target="_blank" rel="noopener noreferrer">
              Job posting
              <ExternalLink aria-hidden="true" className="icon" />
              <span className="visually-hidden"> (opens in a new tab)</span>
            </a>
          )}
          {editable && !editing && (
            <button type="button" className="button small quiet" onClick={() => setEditing(true)}>
              <Pencil aria-hidden="true" className="icon" />
              Edit job
            </button>
          )}
        </div>
      </header>
      {editing && (
        <JobFieldsForm
          job={job}
          onDone={() => {
            setEditing(false);
            focusAfterRender(() => headingRef.current);
          }}
        />
      )}
    </>
  );
}
