import { useDroppable } from "@dnd-kit/core";
import { ArrowDownToLine, Ban } from "lucide-react";
import { memo, startTransition, useEffect, useId, useState } from "react";
import type { TrackedJob } from "../../../lib/apiTypes";
import { canMove, type BoardColumn as Column } from "../model/boardModel";
import { BoardCard, type OpenMove } from "./BoardCard";

/** Cards drawn per column until asked for more: a column of hundreds stays quick to draw and
 * to drag over (each card is a drag source). */
export const CARD_LIMIT = 25;
/** Cards drawn first, the rest up to CARD_LIMIT just after (a transition): the board's first
 * frame, and the layout a drag start measures, stay short. */
const FIRST_CARDS = 10;

/** One stage's column: its name and count, its cards, and during a drag whether the card being
 * dragged may be dropped here (said in words and an icon, not only by colour). Memoised: the
 * board redraws on each drag event, a column only when its cards or the dragged card change. */
export const BoardColumn = memo(function BoardColumn({
  column,
  jobs,
  dragging,
  today,
  onMove,
}: {
  column: Column;
  jobs: readonly TrackedJob[];
  /** the job being dragged, if any */
  dragging: TrackedJob | null;
  today: string;
  onMove: OpenMove;
}) {
  const headingId = useId();
  const [limit, setLimit] = useState(FIRST_CARDS);
  useEffect(() => {
    if (limit >= CARD_LIMIT || jobs.length <= limit) return undefined;
    const timer = setTimeout(() => startTransition(() => setLimit(CARD_LIMIT)), 0);
    return () => clearTimeout(timer);
  }, [limit, jobs.length]);
  const allowed = dragging !== null && canMove(dragging.stage, column.stage);
  const drop = !dragging
    ? undefined
    : allowed
      ? "allowed"
      : dragging.stage === column.stage
        ? "origin"
        : "blocked";
  const { setNodeRef, isOver } = useDroppable({ id: column.stage, disabled: !allowed });
  const shown = jobs.slice(0, limit);

  return (
    <section
      ref={setNodeRef}
      className={`board-column${column.outcome ? " outcome" : ""}`}
      data-stage={column.stage}
      data-drop={drop}
      data-over={(allowed && isOver) || undefined}
      aria-labelledby={headingId}
    >
      <header className="board-column-head">
        <h3 id={headingId}>
          {column.label}{" "}
          <span className="board-column-count">
            {jobs.length}
            <span className="visually-hidden"> {jobs.length === 1 ? "job" : "jobs"}</span>
          </span>
        </h3>
      </header>
      {drop === "blocked" && (
        <span className="board-drop-note">
          <Ban aria-hidden="true" size={14} /> Not allowed
        </span>
      )}
      {drop === "allowed" && (
        <span className="board-drop-note">
          <ArrowDownToLine aria-hidden="true" size={14} /> Drop here
        </span>
      )}
      {jobs.length > 0 && (
        <ul className="board-cards" aria-labelledby={headingId}>
          {shown.map((job) => (
            <BoardCard key={job.id} job={job} today={today} onMove={onMove} />
          ))}
        </ul>
      )}
      {jobs.length > Math.max(limit, CARD_LIMIT) && (
        <button
          type="button"
          className="button small board-more"
          onClick={() => setLimit(Infinity)}
        >
          Show {jobs.length - Math.max(limit, CARD_LIMIT)} more
        </button>
      )}
    </section>
  );
});
