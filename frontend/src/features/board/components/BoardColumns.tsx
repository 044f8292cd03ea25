import {
  DndContext,
  DragOverlay,
  MeasuringStrategy,
  type Announcements,
  type DragEndEvent,
  type DragStartEvent,
} from "@dnd-kit/core";
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import type { StageValue } from "../../../generated/trackingSchema.js";
import type { JobId, TrackedJob } from "../../../lib/apiTypes";
import { announce, BOARD_COLUMNS, canMove, dropRefusal, groupByColumn } from "../model/boardModel";
import { CardBody, type OpenMove } from "./BoardCard";
import { BoardColumn } from "./BoardColumn";
import { columnUnderCard, useBoardSensors } from "./dnd";

const INSTRUCTIONS =
  "To move a job to a later stage, press Space on its drag handle, choose a column with the arrow keys, and press Space to drop it or Escape to cancel. The Move to button lists the same stages.";

/** How long a refused drop's reason stays on screen (the next press or key clears it sooner). */
const REFUSAL_MS = 8000;

/** A refused drop's reason, shown beside the board until it times out or the next action. */
function useDropRefusal() {
  const [refusal, setRefusal] = useState<string | null>(null);
  useEffect(() => {
    if (!refusal) return undefined;
    const clear = () => setRefusal(null);
    const timer = setTimeout(clear, REFUSAL_MS);
    // Registered after the drop's own pointer events: the next press or key clears it.
    document.addEventListener("pointerdown", clear);
    document.addEventListener("keydown", clear);
    return () => {
      clearTimeout(timer);
      document.removeEventListener("pointerdown", clear);
      document.removeEventListener("keydown", clear);
    };
  }, [refusal]);
  return [refusal, setRefusal] as const;
}

/** The column under the middle of a dropped card, refused ones included (they take no drop, so
 * dnd-kit reports none), to say why it did not move there. */
function columnAt(rect: { left: number; top: number; width: number; height: number } | null) {
  if (!rect) return null;
  const x = rect.left + rect.width / 2;
  const y = rect.top + rect.height / 2;
  const under = document.elementsFromPoint?.(x, y) ?? [];
  const column = under
    .map((el) => el.closest<HTMLElement>(".board-column[data-stage]"))
    .find((el) => el !== null);
  return (column?.dataset.stage as StageValue | undefined) ?? null;
}

/** The columns with drag and drop (mouse, touch and keyboard, each move announced): a drop on
 * a column the rule allows calls `onMove`, as the card's "Move to" list does. */
export function BoardColumns({
  jobs,
  cardsJobs,
  today,
  onMove,
  onDragStarted,
}: {
  /** The latest jobs: what a drag picks up and announces. */
  jobs: readonly TrackedJob[];
  /** The jobs drawn as cards (the first answer is drawn as a transition). */
  cardsJobs: readonly TrackedJob[];
  today: string;
  onMove: OpenMove;
  onDragStarted: () => void;
}) {
  const sensors = useBoardSensors();
  const columns = useMemo(() => groupByColumn(cardsJobs), [cardsJobs]);
  const [activeId, setActiveId] = useState<JobId | null>(null);
  const [refusal, setRefusal] = useDropRefusal();

  // Announcements and drop handlers read the latest jobs without being rebuilt for each list.
  const jobsRef = useRef(jobs);
  useEffect(() => {
    jobsRef.current = jobs;
  }, [jobs]);
  const findJob = useCallback(
    (id: unknown) => jobsRef.current.find((j) => j.id === Number(id)) ?? null,
    [],
  );
  // The card under the pointer follows at once; the columns' "Drop here" / "Not allowed" (and
  // the drop targets they enable) follow as a transition, so a drag start is not one long task
  // of dnd-kit redrawing its draggables and the columns redrawing too.
  const held = activeId === null ? null : (jobs.find((j) => j.id === activeId) ?? null);
  const dragging = useDeferredValue(held);

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
    setRefusal(null);
    onDragStarted();
    setActiveId(Number(active.id));
  }

  function onDragEnd({ active, over }: DragEndEvent) {
    setActiveId(null);
    const job = findJob(active.id);
    const stage = over?.id as StageValue | undefined;
    // A drop the rule refuses (or no column at all) changes nothing; a refused one says why
    // on screen too (screen readers hear it from the announcement).
    if (job && stage && canMove(job.stage, stage)) onMove(job.id, stage);
    else if (job) setRefusal(dropRefusal(job, stage ?? columnAt(active.rect.current.translated)));
  }

  const column = (c: (typeof BOARD_COLUMNS)[number]) => (
    <BoardColumn
      key={c.stage}
      column={c}
      jobs={columns.get(c.stage) ?? []}
      dragging={dragging}
      today={today}
      onMove={onMove}
    />
  );

  return (
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
      {refusal && (
        <p className="board-drop-refusal" data-testid="drop-refusal">
          {refusal}
        </p>
      )}
      <div className="board" data-dragging={dragging ? "" : undefined}>
        {BOARD_COLUMNS.filter((c) => !c.outcome).map(column)}
        <div className="board-outcomes" role="group" aria-label="Outcomes">
          {BOARD_COLUMNS.filter((c) => c.outcome).map(column)}
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
  );
}
