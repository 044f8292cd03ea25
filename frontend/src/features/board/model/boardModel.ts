/** The board's rules, pure: one column per stage, in the order a job moves along (the main line,
 * then the outcomes), and the columns a card may move to. A move is an event added to the job,
 * so the columns a job may move to are the later stages whose event type TRANSITIONS allows
 * next: the rule the API enforces, so a drop the board accepts is one the server accepts. */
import {
  STAGES,
  TRANSITIONS,
  type EventTypeValue,
  type StageValue,
} from "../../../generated/trackingSchema.js";
import type { TrackedJob } from "../../../lib/apiTypes";

export interface BoardColumn {
  stage: StageValue;
  label: string;
  /** accepted, declined, rejected, withdrawn: where a job ends; drawn narrower, stacked together */
  outcome: boolean;
}

/** saved, applied, screening, interview, reference, offer, then accepted, declined, rejected,
 * withdrawn. */
export const BOARD_COLUMNS: readonly BoardColumn[] = [...STAGES]
  .sort((a, b) => Number(isOutcome(a.kind)) - Number(isOutcome(b.kind)))
  .map((s) => ({ stage: s.value, label: s.label, outcome: isOutcome(s.kind) }));

function isOutcome(kind: string) {
  return kind === "final" || kind === "rejected" || kind === "withdrawn";
}

const rankOf = (stage: StageValue) => STAGES.find((s) => s.value === stage)?.rank ?? null;

export const columnLabel = (stage: StageValue) =>
  BOARD_COLUMNS.find((c) => c.stage === stage)?.label ?? stage;

/** The column a job's card is in: its stage (the type of its latest event). */
export const columnOf = (job: TrackedJob): StageValue => job.stage;

/** The columns a job at `stage` may move to, in board order. Only later columns: a second
 * interview round is an event on the job view, not a move (the card stays in its column).
 * Rejected and withdrawn have no rank and may follow any stage that allows them. */
export function moveTargets(stage: StageValue): EventTypeValue[] {
  // Asked by every card and column on each drag: worked out once per stage.
  let targets = targetsByStage.get(stage);
  if (!targets) {
    targets = findMoveTargets(stage);
    targetsByStage.set(stage, targets);
  }
  return [...targets];
}

const targetsByStage = new Map<StageValue, readonly EventTypeValue[]>();

function findMoveTargets(stage: StageValue): EventTypeValue[] {
  const from = rankOf(stage);
  const allowed = TRANSITIONS[stage] ?? [];
  return BOARD_COLUMNS.map((c) => c.stage)
    .filter((s): s is EventTypeValue => (allowed as readonly string[]).includes(s))
    .filter((s) => {
      if (s === stage) return false;
      const to = rankOf(s);
      return to === null || from === null || to > from;
    });
}

export function canMove(from: StageValue, to: StageValue): to is EventTypeValue {
  moveTargets(from);
  return (targetsByStage.get(from) as readonly StageValue[]).includes(to);
}

/** Each column's jobs, every column present (empty ones too), jobs in the order given. */
export function groupByColumn(jobs: readonly TrackedJob[]): Map<StageValue, TrackedJob[]> {
  const columns = new Map<StageValue, TrackedJob[]>(BOARD_COLUMNS.map((c) => [c.stage, []]));
  for (const job of jobs) columns.get(columnOf(job))?.push(job);
  return columns;
}

const cardName = (job: Pick<TrackedJob, "company" | "title">) => `${job.company}, ${job.title}`;

/** Why a card dropped on column `over` did not move, in words shown beside the board; null when
 * the drop is a move, or changes nothing to explain (no column, or its own). */
export function dropRefusal(job: TrackedJob, over: StageValue | null): string | null {
  if (!over || over === job.stage || canMove(job.stage, over)) return null;
  const here = columnLabel(job.stage);
  const there = columnLabel(over);
  const stays = `${job.company} stays in ${here}`;
  if (!(TRANSITIONS[job.stage] ?? []).includes(over as EventTypeValue)) {
    const from = STAGES.filter((s) =>
      (TRANSITIONS[s.value] ?? []).includes(over as EventTypeValue),
    ).map((s) => s.label);
    if (over === "saved" || from.length === 0) {
      return `Not moved: ${stays}. A job cannot go back to ${there}; delete a step in the job's history to undo it.`;
    }
    const rank = rankOf(over);
    const behind = rank !== null && (rankOf(job.stage) ?? -1) >= rank;
    if (!behind) return `Not moved: ${stays}. ${there} only follows ${from.join(" or ")}.`;
  }
  return `Not moved: ${stays}. ${there} is behind ${here}; to go back, delete the later step in the job's history.`;
}

/** What a screen reader hears while a card is dragged, in plain words. */
export const announce = {
  pickedUp(job: TrackedJob): string {
    const targets = moveTargets(job.stage).map(columnLabel);
    return targets.length
      ? `Picked up ${cardName(job)}. Columns you can move it to: ${targets.join(", ")}. Use the arrow keys to choose one, Space to drop, Escape to cancel.`
      : `Picked up ${cardName(job)}. It cannot move: ${columnLabel(job.stage)} is where it ends.`;
  },
  over(job: TrackedJob, over: StageValue | null): string {
    return over && canMove(job.stage, over)
      ? `Over ${columnLabel(over)}. Drop to record ${columnLabel(over).toLowerCase()} for ${job.company}.`
      : `Not over a column ${job.company} can move to.`;
  },
  dropped(job: TrackedJob, over: StageValue | null): string {
    return over && canMove(job.stage, over)
      ? `Dropped on ${columnLabel(over)}. Record it in the form to move ${job.company} there.`
      : (dropRefusal(job, over) ?? `Not moved: ${job.company} stays in ${columnLabel(job.stage)}.`);
  },
  cancelled(job: TrackedJob): string {
    return `Move cancelled: ${job.company} stays in ${columnLabel(job.stage)}.`;
  },
};
