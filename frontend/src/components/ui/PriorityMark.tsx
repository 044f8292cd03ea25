import { PRIORITY_LABELS } from "../../lib/jobLabels";
import "./priorityMark.css";

/** A job's priority as a word with one to three bars; a dash for none (or nothing, `quiet`). */
export function PriorityMark({ priority, quiet = false }: { priority: number; quiet?: boolean }) {
  if (!priority) return quiet ? null : <span className="muted">—</span>;
  return (
    <span className="priority-mark" data-priority={priority}>
      <span aria-hidden="true" className="priority-bars" />
      {PRIORITY_LABELS[priority]}
    </span>
  );
}
