import { lazy } from "react";
import { BoardView } from "../features/board/components/BoardView";
import type { MoveForms } from "../features/board/components/MoveDialog";

// The job view's forms, fetched when a move is first chosen (or a drag starts), not with the
// board: a move on the board is the same form and the same request as in the job view.
const loadEventDialog = () => import("../features/job-detail/components/EventDialog");
const loadRejectDialog = () => import("../features/job-detail/components/RejectDialog");

const BOARD_FORMS: MoveForms = {
  EventDialog: lazy(() => loadEventDialog().then((m) => ({ default: m.EventDialog }))),
  RejectDialog: lazy(() => loadRejectDialog().then((m) => ({ default: m.RejectDialog }))),
  preload: () => {
    void loadEventDialog();
    void loadRejectDialog();
  },
};

/** `/board`, composed: the board with the job view's forms for its moves. */
export function BoardScreen() {
  return <BoardView forms={BOARD_FORMS} />;
}
