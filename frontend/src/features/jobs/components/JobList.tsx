import { Link } from "wouter";
import { StageBadge } from "../../../components/ui/StageBadge";
import type { JobId, TrackedJob } from "../../../lib/apiTypes";
import { formatDate } from "../../../lib/format";
import { jobPath } from "../../../lib/routes";

/** The tracked jobs as links to each job's own address; the open one is aria-current. */
export function JobList({
  jobs,
  selectedId,
  search,
  onOpen,
}: {
  jobs: TrackedJob[];
  selectedId: JobId | null;
  search: string;
  onOpen?: () => void;
}) {
  return (
    <ul className="job-list">
      {jobs.map((job) => (
        <li key={job.id}>
          <Link
            href={jobPath(job.id, search)}
            className="job-list-item"
            aria-current={job.id === selectedId ? "page" : undefined}
            onClick={onOpen}
          >
            <span className="job-list-company">{job.company}</span>
            <span className="job-list-title">{job.title}</span>
            <span className="job-list-meta">
              <StageBadge stage={job.stage} />
              <span className="job-list-updated">Updated {formatDate(job.updated_at)}</span>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
