import { useCallback, useDeferredValue, useId, useState } from "react";
import { Link } from "wouter";
import type { EventTypeValue } from "../../../generated/trackingSchema.js";
import type { JobId } from "../../../lib/apiTypes";
import { todayIso } from "../../../lib/format";
import { useAllJobs } from "../../../lib/useAllJobs";
import { hasFilters, NO_FILTERS } from "../../../lib/jobFilters";
import { useJobFilters } from "../../../lib/useJobFilters";
import { BoardColumns } from "./BoardColumns";
import { BoardFilters } from "./BoardFilters";
import { MoveDialog, type Move, type MoveForms } from "./MoveDialog";
import "./board.css";

/** `/board`: one column per stage, each job a card. Dragging a card to a later column (or
 * choosing the column from its "Move to" list) opens the form that records that step, dated
 * today (`forms`, the job view's, handed over by the app); the card moves when the server has
 * recorded it, since the form's answer is written into the cached lists this board reads. */
export function BoardView({ forms }: { forms: MoveForms }) {
  const titleId = useId();
  const { filters, setFilters } = useJobFilters();
  const board = useAllJobs(filters);
  // The first cards are drawn as a transition (in slices of a few milliseconds, not one long
  // task when 500 jobs arrive); until then the board says it is loading. Later answers (a
  // move, a refetch) are drawn at once, so a moved card is in its new column when its form
  // closes and gives it focus back.
  const deferredJobs = useDeferredValue(board.jobs);
  const [drawn, setDrawn] = useState(false);
  if (!drawn && deferredJobs === board.jobs && board.jobs.length > 0) setDrawn(true);
  const cardsJobs = drawn ? board.jobs : deferredJobs;
  const drawing = cardsJobs !== board.jobs && cardsJobs.length === 0;
  const today = todayIso();
  const [move, setMove] = useState<Move | null>(null);
  const moving = move ? (board.jobs.find((j) => j.id === move.jobId) ?? null) : null;

  const { preload } = forms;
  const onMove = useCallback(
    (jobId: JobId, stage: EventTypeValue) => {
      preload?.();
      setMove({ jobId, stage });
    },
    [preload],
  );

  const filtered = hasFilters(filters);
  const empty = board.complete && board.jobs.length === 0;

  let body;
  if (board.isPending || drawing) {
    body = (
      <p className="board-status" role="status">
        Loading your board…
      </p>
    );
  } else if (board.isError && board.jobs.length === 0) {
    body = (
      <div className="board-status" role="alert">
        <p>Your jobs could not be loaded.</p>
        <button type="button" className="button" onClick={() => void board.refetch()}>
          Try again
        </button>
      </div>
    );
  } else if (empty && !filtered) {
    body = (
      <div className="board-status board-empty">
        <p>
          The board shows each job you track as a card in the column of its stage, from saved to
          offer. When something happens, drag the card to the next column to record it.
        </p>
        <Link href="/" className="button primary">
          Track a job
        </Link>
      </div>
    );
  } else {
    body = (
      <>
        {empty && (
          <p className="board-status" role="status">
            No jobs match these filters.{" "}
            <button type="button" className="button small" onClick={() => setFilters(NO_FILTERS)}>
              Clear filters
            </button>
          </p>
        )}
        {!board.complete && !board.isError && (
          <p className="board-status" role="status">
            Loading more jobs…
          </p>
        )}
        <BoardColumns
          jobs={board.jobs}
          cardsJobs={cardsJobs}
          today={today}
          onMove={onMove}
          onDragStarted={() => preload?.()}
        />
      </>
    );
  }

  return (
    <section className="board-view" aria-labelledby={titleId}>
      <header className="board-header">
        <h2 id={titleId}>Board</h2>
        <BoardFilters filters={filters} setFilters={setFilters} />
      </header>
      {body}
      {move && moving && (
        <MoveDialog forms={forms} move={move} job={moving} onClose={() => setMove(null)} />
      )}
    </section>
  );
}
