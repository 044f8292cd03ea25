/** The drag-and-drop setup for the board (dnd-kit): which input starts a drag, how the keyboard
 * moves a card from column to column, and which column is under it. */
import {
  KeyboardCode,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  TouchSensor,
  useSensor,
  useSensors,
  type CollisionDetection,
  type KeyboardCoordinateGetter,
  type PointerSensorOptions,
} from "@dnd-kit/core";
import type { PointerEvent } from "react";
import { BOARD_COLUMNS } from "../model/boardModel";

/** A mouse or pen drag. Touch is left to the TouchSensor (a long press), so a finger can still
 * scroll the board and its columns. */
class MouseOrPenSensor extends PointerSensor {
  static override activators = [
    {
      eventName: "onPointerDown" as const,
      handler: ({ nativeEvent: event }: PointerEvent, options: PointerSensorOptions) => {
        if (!event.isPrimary || event.button !== 0 || event.pointerType === "touch") return false;
        options.onActivation?.({ event });
        return true;
      },
    },
  ];
}

/** Arrow keys jump a picked-up card to the next or previous column that takes it, in board
 * order (the outcomes are stacked, so geometry would not say which comes next). */
const columnCoordinates: KeyboardCoordinateGetter = (event, { context }) => {
  const forward = event.code === "ArrowRight" || event.code === "ArrowDown";
  const backward = event.code === "ArrowLeft" || event.code === "ArrowUp";
  if (!forward && !backward) return undefined;
  event.preventDefault();
  const { active, over, collisionRect, droppableRects } = context;
  if (!active || !collisionRect) return undefined;
  const order = BOARD_COLUMNS.map((c) => c.stage as string);
  const from = order.indexOf(String(over?.id ?? active.data.current?.stage ?? ""));
  const candidates = order
    .map((id, index) => ({ id, index, rect: droppableRects.get(id) }))
    .filter((c) => c.rect && (forward ? c.index > from : c.index < from));
  const next = forward ? candidates[0] : candidates.at(-1);
  if (!next?.rect) return undefined;
  const { rect } = next;
  return {
    x: rect.left + Math.max(0, (rect.width - collisionRect.width) / 2),
    y: rect.top + Math.min(48, Math.max(0, rect.height - collisionRect.height) / 2),
  };
};

export function useBoardSensors() {
  return useSensors(
    // A few pixels before a press becomes a drag, so a click still opens the job.
    useSensor(MouseOrPenSensor, { activationConstraint: { distance: 6 } }),
    // A long press on a phone; a quick swipe scrolls.
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: columnCoordinates,
      keyboardCodes: {
        start: [KeyboardCode.Space, KeyboardCode.Enter],
        // Tab leaves the board: cancel rather than drop where the card happens to be.
        cancel: [KeyboardCode.Esc, KeyboardCode.Tab],
        end: [KeyboardCode.Space, KeyboardCode.Enter],
      },
    }),
  );
}

/** Under the pointer when there is one (a card over a column it may not enter finds nothing
 * rather than a neighbour); by overlap for the keyboard, which has no pointer. */
export const columnUnderCard: CollisionDetection = (args) =>
  args.pointerCoordinates ? pointerWithin(args) : rectIntersection(args);
