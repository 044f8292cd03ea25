import { useDraggable, type DraggableAttributes } from "@dnd-kit/core";
import { CalendarClock, ChevronDown, GripVertical } from "lucide-react";
import {
  memo,
  useEffect,
  useId,
  useRef,
  useState,
  type KeyboardEventHandler,
  type RefObject,
} from "react";
import { Link } from "wouter";
import { PriorityMark } from "../../../components/ui/PriorityMark";
import type { EventTypeValue } from "../../../generated/trackingSchema.js";
import type { JobId, TrackedJob } from "../../../lib/apiTypes";
import { formatDate } from "../../../lib/format";
import { lastActivityText, nextDate, relativeDays } from "../../../lib/jobFacts";
import { columnLabel, moveTargets } from "../model/boardModel";

/** The id of a card's drag handle: focus goes back there after a move (the card may have
 * been replaced by then, in another column). */
export const handleId = (id: JobId) => `board-card-${id}-handle`;

export type OpenMove = (jobId: JobId, stage: EventTypeValue) => void;

/** Company, title and what is next; the look of a card, shared with the one under the pointer
 * during a drag. Memoised: a drag redraws every card (each one's drag state changes), and this
 * part never depends on it. */
export const CardBody = memo(function CardBody({
  job,
  today,
  link = true,
}: {
  job: TrackedJob;
  today: string;
  link?: boolean;
}) {
  const next = nextDate(job, today);
  const name = (
    <>
      <span className="board-card-company">{job.company}</span>
      <span className="board-card-title">{job.title}</span>
    </>
  );
  return (
    <>
      {link ? (
        // draggable={false}: a press on the link starts our drag, not the browser's link drag.
        <Link href={`/jobs/${job.id}`} className="board-card-link" draggable={false}>
          {name}
        </Link>
      ) : (
        <span className="board-card-link">{name}</span>
      )}
      {(job.priority > 0 || job.tags.length > 0) && (
        <p className="board-card-meta">
          <PriorityMark priority={job.priority} quiet />
          {job.tags.map((tag) => (
            <span key={tag} className="board-card-tag">
              {tag}
            </span>
          ))}
        </p>
      )}
      {next ? (
        <p className="board-card-date">
          <CalendarClock aria-hidden="true" size={14} />
          <span>
            {next.label}{" "}
            <time dateTime={next.date} title={formatDate(next.date)}>
              {relativeDays(next.date, today)}
            </time>
          </span>
        </p>
      ) : (
        <p className="board-card-date muted">{lastActivityText(job, today)}</p>
      )}
    </>
  );
});

/** One job on the board: a link to the job, a drag handle (mouse, touch and keyboard) and a
 * "Move to" list, the same moves without dragging. The card's own element follows the drag
 * (dnd-kit redraws every draggable when a drag starts or ends); what is inside it is
 * memoised (CardContent), so a drag start redraws little. */
export const BoardCard = memo(function BoardCard({
  job,
  today,
  onMove,
}: {
  job: TrackedJob;
  today: string;
  onMove: OpenMove;
}) {
  const targets = moveTargets(job.stage);
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({
    id: job.id,
    data: { stage: job.stage },
    disabled: targets.length === 0,
  });
  // Mouse and touch start a drag anywhere on the card; the keyboard only on the handle, so
  // Enter on the link still opens the job.
  const { onKeyDown, ...pointerListeners } = listeners ?? {};

  return (
    <li
      ref={setNodeRef}
      className="board-card"
      data-job-id={job.id}
      data-stage={job.stage}
      data-dragging={isDragging || undefined}
      {...pointerListeners}
    >
      <CardContent
        job={job}
        today={today}
        onMove={onMove}
        handle={attributes}
        onHandleKeyDown={onKeyDown as KeyboardEventHandler | undefined}
        handleRef={setActivatorNodeRef}
      />
    </li>
  );
});

/** Said on the document when a "Move to" list opens, so any other one closes. */
const MENU_OPENED = "track:board-menu-opened";

/** An open "Move to" list closes on Escape wherever focus is (focus back on its button), on a
 * press outside it and its button, and when another card's list opens: one open at a time. */
function useMenuDismissal(
  open: boolean,
  menuId: string,
  close: (refocus: boolean) => void,
  container: RefObject<HTMLElement | null>,
) {
  const latestClose = useRef(close);
  useEffect(() => {
    latestClose.current = close;
  });
  useEffect(() => {
    if (!open) return undefined;
    document.dispatchEvent(new CustomEvent(MENU_OPENED, { detail: menuId }));
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== "Escape" || event.defaultPrevented) return;
      if (document.querySelector("dialog[open]")) return;
      event.preventDefault();
      latestClose.current(true);
    }
    function onPointerDown(event: PointerEvent) {
      if (!container.current?.contains(event.target as Node)) latestClose.current(false);
    }
    function onOtherOpened(event: Event) {
      if ((event as CustomEvent<string>).detail !== menuId) latestClose.current(false);
    }
    document.addEventListener("keydown", onKeyDown);
    document.addEventListener("pointerdown", onPointerDown, true);
    document.addEventListener(MENU_OPENED, onOtherOpened);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("pointerdown", onPointerDown, true);
      document.removeEventListener(MENU_OPENED, onOtherOpened);
    };
  }, [open, menuId, container]);
}

const CardContent = memo(function CardContent({
  job,
  today,
  onMove,
  handle,
  onHandleKeyDown,
  handleRef,
}: {
  job: TrackedJob;
  today: string;
  onMove: OpenMove;
  /** the drag handle's attributes (dnd-kit's, stable until this card's drag state changes) */
  handle: DraggableAttributes;
  onHandleKeyDown: KeyboardEventHandler | undefined;
  handleRef: (element: HTMLElement | null) => void;
}) {
  const targets = moveTargets(job.stage);
  const [menuOpen, setMenuOpen] = useState(false);
  const menuId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const menuArea = useRef<HTMLDivElement>(null);

  function closeMenu(refocus = true) {
    setMenuOpen(false);
    // Back on the button only when focus was in the list or on it (never taken from elsewhere).
    if (refocus) toggleRef.current?.focus();
  }
  useMenuDismissal(menuOpen, menuId, closeMenu, menuArea);

  return (
    <div className="board-card-inner" ref={menuArea}>
      <CardBody job={job} today={today} />
      {targets.length > 0 && (
        <div className="board-card-actions">
          <button
            type="button"
            className="board-card-move"
            ref={toggleRef}
            aria-expanded={menuOpen}
            aria-controls={menuId}
            onClick={() => setMenuOpen((open) => !open)}
          >
            Move to…<span className="visually-hidden"> {job.company}</span>
            <ChevronDown aria-hidden="true" size={14} />
          </button>
          <button
            type="button"
            id={handleId(job.id)}
            ref={handleRef}
            className="board-card-handle"
            {...handle}
            aria-label={`Drag ${job.company}, ${job.title}`}
            onKeyDown={onHandleKeyDown}
          >
            <GripVertical aria-hidden="true" size={16} />
          </button>
        </div>
      )}
      {menuOpen && (
        <ul id={menuId} className="board-move-menu" aria-label={`Move ${job.company} to`}>
          {targets.map((stage) => (
            <li key={stage}>
              <button
                type="button"
                data-stage={stage}
                onClick={() => {
                  setMenuOpen(false);
                  onMove(job.id, stage);
                }}
              >
                {columnLabel(stage)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
