import { Link } from "wouter";
import { isApiError } from "../../../lib/apiClient";
import type { JobId } from "../../../lib/apiTypes";
import { useJob } from "../api/useJob";
import { JobCard } from "./JobCard";
import "./job.css";

export interface JobViewProps {
  jobId: JobId;
  /** The list this job was opened from (with its filters). */
  backHref: string;
  /** The job was deleted: the app shows the list. */
  onDeleted: () => void;
}

/** The job at /jobs/:id: loading, gone (404), failed, or the job itself. */
export function JobView({ jobId, backHref, onDeleted }: JobViewProps) {
  const job = useJob(jobId);
  if (isApiError(job.error) && job.error.status === 404) {
    return (
      <section className="job-view" aria-labelledby="job-missing-heading">
        <h2 id="job-missing-heading">This job is not here</h2>
        <p>It may have been deleted, or the link is not quite right.</p>
        <Link href={backHref}>Back to your jobs</Link>
      </section>
    );
  }
  if (!job.data) {
    return job.isError ? (
      <div className="form-error" role="alert">
        <p>Could not load this job: {job.error.message}</p>
        <button type="button" className="button small" onClick={() => void job.refetch()}>
          Try again
        </button>
      </div>
    ) : (
      <p className="detail-placeholder" role="status">
        Loading the job…
      </p>
    );
  }
  return <JobCard key={jobId} job={job.data} backHref={backHref} onDeleted={onDeleted} />;
}
