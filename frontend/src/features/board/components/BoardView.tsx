import {
  DndContext,
  DragOverlay,
  MeasuringStrategy,
  type Announcements,
  type DragEndEvent,
  type DragStartEvent,
} from "@dnd-kit/core";
import {
  lazy,
  Suspense,
  useCallback,
  useDeferredValue,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from "react";
import { Link } from "wouter";
import type { EventTypeValue, StageValue } from "../../../generated/trackingSchema.js";
import type { JobId } from "../../../lib/apiTypes";
import { todayIso } from "../../../lib/format";
import { useAllJobs } from "../../jobs/api/useAllJobs";
import { useJobFilters } from "../../jobs/hooks/useJobFilters";
import { hasFilters, NO_FILTERS } from "../../jobs/model/filters";
import { announce, BOARD_COLUMNS, canMove, groupByColumn } from "../model/boardModel";
import { CardBody, handleId } from "./BoardCard";
import { BoardColumn } from "./BoardColumn";
import { BoardFilters } from "./BoardFilters";
import { columnUnderCard, useBoardSensors } from "./dnd";
import "./board.css";

// The job view's forms, fetched when a move is first chosen (or a drag starts), not with the board.
const loadEventDialog = () => import("../../job/components/EventDialog");
const loadRejectDialog = () => import("../../job/components/RejectDialog");
const EventDialog = lazy(() => loadEventDialog().then((m) => ({ default: m.EventDialog })));
const RejectDialog = lazy(() => loadRejectDialog().then((m) => ({ default: m.RejectDialog })));
const preloadForms = () => {
  void loadEventDialog();
  void loadRejectDialog();
};

const INSTRUCTIONS =
  "To move a job to a later stage, press Space on its drag handle, choose a column with the arrow keys, and press Space to drop it or Escape to cancel. The Move to button lists the same stages.";

/** Where focus goes when a form closes: the card's drag handle, or its link when the card can
 * no longer move (its column was its last). Looked up then: the card may be in a new column. */
const cardFocus = (id: JobId) => () =>
  document.getElementById(handleId(id)) ??
  document.querySelector<HTMLElement>(`[data-job-id="${id}"] a`);

interface Move {
  jobId: JobId;
  stage: EventTypeValue;
}

/** `/board`: one column per stage, each job a card. Dragging a card to a later column (or
 * choosing the column from its "Move to" list) opens the form that records that step, dated
 * today; the card moves when the server has recorded it, since the form's answer is written
 * into the cached lists this board reads. */
export function BoardView() {
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
  const sensors = useBoardSensors();
  const columns = useMemo(() => groupByColumn(cardsJobs), [cardsJobs]);
  const [activeId, setActiveId] = useState<JobId | null>(null);
  const [move, setMove] = useState<Move | null>(null);

  // Announcements and drop handlers read the latest jobs without being rebuilt for each list.
  const jobsRef = useRef(board.jobs);
  useEffect(() => {
    jobsRef.current = board.jobs;
  }, [board.jobs]);
  const findJob = useCallback(
    (id: unknown) => jobsRef.current.find((j) => j.id === Number(id)) ?? null,
    [],
  );
  // The card under the pointer follows at once; the columns' "Drop here" / "Not allowed" (and
  // the drop targets they enable) follow as a transition, so a drag start is not one long task
  // of dnd-kit redrawing its draggables and the columns redrawing too.
  const held = activeId === null ? null : (board.jobs.find((j) => j.id === activeId) ?? null);
  const dragging = useDeferredValue(held);
  const moving = move ? (board.jobs.find((j) => j.id === move.jobId) ?? null) : null;

  const onMove = useCallback((jobId: JobId, stage: EventTypeValue) => {
    preloadForms();
    setMove({ jobId, stage });
  }, []);

  const announcements = useMemo<Announcements>(
    () => ({
      onDragStart: ({ active }) => {
        const job = findJob(active.id);
        return job ? announce.pickedUp(job) : undefined;
      },
      onDragOver: ({ active, over }) => {
        const job = findJob(active.id);
        return job ? announce.over(job, (over?.id as StageValue) ?? null) : undefined;
      },
      onDragEnd: ({ active, over }) => {
        const job = findJob(active.id);
        return job ? announce.dropped(job, (over?.id as StageValue) ?? null) : undefined;
      },
      onDragCancel: ({ active }) => {
        const job = findJob(active.id);
        return job ? announce.cancelled(job) : undefined;
      },
    }),
    [findJob],
  );

  function onDragStart({ active }: DragStartEvent) {
    preloadForms();
    setActiveId(Number(active.id));
  }

  function onDragEnd({ active, over }: DragEndEvent) {
    setActiveId(null);
    const job = findJob(active.id);
    const stage = over?.id as StageValue | undefined;
    // A drop the rule refuses (or no column at all) changes nothing.
    if (job && stage && canMove(job.stage, stage)) setMove({ jobId: job.id, stage });
  }

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
        <DndContext
          sensors={sensors}
          collisionDetection={columnUnderCard}
          measuring={{ droppable: { strategy: MeasuringStrategy.Always } }}
          accessibility={{ announcements, screenReaderInstructions: { draggable: INSTRUCTIONS } }}
          onDragStart={onDragStart}
          onDragEnd={onDragEnd}
          onDragCancel={() => setActiveId(null)}
        >
          {/* The one horizontal scroll the page accepts: on a phone the columns sit side by
              side, each most of the screen wide, and the board (not the page) scrolls and snaps
              from one to the next. */}
          <div className="board" data-dragging={dragging ? "" : undefined}>
            {BOARD_COLUMNS.filter((c) => !c.outcome).map((column) => (
              <BoardColumn
                key={column.stage}
                column={column}
                jobs={columns.get(column.stage) ?? []}
                dragging={dragging}
                today={today}
                onMove={onMove}
              />
            ))}
            <div className="board-outcomes" role="group" aria-label="Outcomes">
              {BOARD_COLUMNS.filter((c) => c.outcome).map((column) => (
                <BoardColumn
                  key={column.stage}
                  column={column}
                  jobs={columns.get(column.stage) ?? []}
                  dragging={dragging}
                  today={today}
                  onMove={onMove}
                />
              ))}
            </div>
          </div>
          <DragOverlay dropAnimation={null}>
            {held ? (
              <div className="board-card overlay" data-stage={held.stage} aria-hidden="true">
                <CardBody job={held} today={today} link={false} />
              </div>
            ) : null}
          </DragOverlay>
        </DndContext>
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
        <Suspense
          fallback={
            <p className="visually-hidden" role="status">
              Opening the form…
            </p>
          }
        >
          {move.stage === "rejected" ? (
            <RejectDialog
              job={moving}
              onClose={() => setMove(null)}
              onRejected={() => {}}
              returnFocus={cardFocus(moving.id)}
            />
          ) : (
            <EventDialog
              job={moving}
              eventType={move.stage}
              onClose={() => setMove(null)}
              returnFocus={cardFocus(moving.id)}
            />
          )}
        </Suspense>
      )}
    </section>
  );
}
