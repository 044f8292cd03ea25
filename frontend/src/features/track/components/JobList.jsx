import { formatDateTime } from "../model/formModel.js";
import { StageBadge } from "./StageBadge.jsx";

/** The tracked jobs as a list of buttons; the open one is marked with aria-current. */
export function JobList({ jobs, selectedId, onSelect }) {
  return (
    <ul className="job-list">
      {jobs.map((job) => (
        <li key={job.id}>
          <button
            type="button"
            className="job-list-item"
            aria-current={job.id === selectedId ? "true" : undefined}
            onClick={() => onSelect(job.id)}
          >
            <span className="job-list-company">{job.company}</span>
            <span className="job-list-title">{job.title}</span>
            <span className="job-list-meta">
              <StageBadge stage={job.stage} />
              <span className="job-list-updated">Updated {formatDateTime(job.updated_at)}</span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
