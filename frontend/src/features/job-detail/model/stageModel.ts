/** What the stepper, the timeline and the next-step buttons show, derived only from the
 * generated schema (STAGES, STAGE_LABELS, TRANSITIONS, EVENT_FORMS, ROUNDS) and the job the
 * API returned. No I/O: every rule here is unit-tested stage by stage. */
import {
  EVENT_FORMS,
  LOCKED_STAGES,
  ROUNDS,
  STAGE_LABELS,
  STAGES,
  TRANSITIONS,
  type EventTypeValue,
  type StageValue,
} from "../../../generated/trackingSchema.js";
import type { TrackedJob, TrackingEvent } from "../../../lib/apiTypes";

const START_STAGE = STAGES.find((s) => s.kind === "start")?.value ?? "saved";
export const REJECTED_STAGE = (STAGES.find((s) => s.kind === "rejected")?.value ??
  "rejected") as EventTypeValue;
export const WITHDRAWN_STAGE = (STAGES.find((s) => s.kind === "withdrawn")?.value ??
  "withdrawn") as EventTypeValue;
/** The stages that end a job early and lock it (LOCKED_STAGES): rejected and withdrawn. */
const ENDS_EARLY: readonly StageValue[] = LOCKED_STAGES;

/** Rejected or withdrawn: no step or edit but undo (deleting that event) and deleting the job. */
export const isLocked = (job: TrackedJob) => ENDS_EARLY.includes(job.stage);
/** The latest event is the last one added (the server's order), whatever its date. */
export const latestEvent = (job: TrackedJob): TrackingEvent | null => job.events.at(-1) ?? null;

/** Earliest first by date, then time (untimed first), then the order they were added. */
const byDate = (a: TrackingEvent, b: TrackingEvent) =>
  a.event_date.localeCompare(b.event_date) ||
  (a.event_time ?? "").localeCompare(b.event_time ?? "") ||
  a.id - b.id;

/** The history as the timeline shows it: newest first, so the latest step (the one that may be
 * deleted) and what happens next sit together at the top. */
export const timeline = (job: TrackedJob) => [...job.events].sort(byDate).reverse();

/** The stage a rejected or withdrawn job had reached before it ended (or its own stage
 * otherwise). */
export function reachedStage(job: TrackedJob): StageValue {
  if (!isLocked(job)) return job.stage;
  return job.events.at(-2)?.event_type ?? START_STAGE;
}

/** The round of a numbered event (ROUNDS: an interview's `round`), or null when it has none. */
export function roundOf(event: TrackingEvent): number | null {
  if (event.event_type !== ROUNDS.event_type) return null;
  const round = (event.note as Readonly<Record<string, unknown>> | null)?.[ROUNDS.field];
  return typeof round === "number" ? round : null;
}

/** The rounds the job's interviews hold, leaving out the event being edited. */
const roundsTaken = (job: TrackedJob, exceptEventId: number | null = null): number[] =>
  job.events
    .filter((e) => e.id !== exceptEventId)
    .map(roundOf)
    .filter((r): r is number => r !== null);

/** The round the API gives a new interview sent without one (stages.next_round): one above the
 * highest so far, or ROUNDS.first. The form fills it in, so the user sees it. */
export function nextRound(job: TrackedJob, exceptEventId: number | null = null): number {
  const taken = roundsTaken(job, exceptEventId);
  return taken.length ? Math.max(...taken) + 1 : ROUNDS.first;
}

/** "Interview round 2" for an interview with a round (as the calendar names it), else the
 * stage's label. */
export function eventName(event: TrackingEvent): string {
  const label = STAGE_LABELS[event.event_type];
  const round = roundOf(event);
  return round === null ? label : `${label} round ${round}`;
}

export type StepStatus = "done" | "current" | "stopped" | "none";

/** A stepper step: done | current | stopped (rejected or withdrawn here) | none. A step the job went
 * past without (or an outcome not taken) is simply "none": not highlighted, not labelled. */
export function stepStatus(job: TrackedJob, stage: StageValue): StepStatus {
  const reached = reachedStage(job);
  if (stage === reached) return isLocked(job) ? "stopped" : "current";
  if (job.events.some((e) => e.event_type === stage)) return "done";
  return "none";
}

interface StepAction {
  type: EventTypeValue;
  /** The button's words: EVENT_FORMS' title, with the round for a repeated interview. */
  label: string;
}

export interface NextActions {
  /** The most likely next step, or null when nothing may follow (an outcome, a rejection). */
  primary: StepAction | null;
  /** The other steps TRANSITIONS allows, in stage order. */
  others: StepAction[];
  /** Whether "Mark as rejected" is offered (a separate, quieter action). */
  canReject: boolean;
  /** Whether "Withdraw" is offered (beside the rejection: the job seeker stops). */
  canWithdraw: boolean;
}

function action(job: TrackedJob, type: EventTypeValue): StepAction {
  const title = EVENT_FORMS[type].title;
  // The next round says which one it is: "Record interview round 2".
  const repeat = type === ROUNDS.event_type && job.stage === type;
  return { type, label: repeat ? `${title} round ${nextRound(job)}` : title };
}

/** The next step the job view offers: the first step TRANSITIONS allows from the current stage
 * (stage order puts the usual next step first: applied after saved, screening after applied,
 * another round after an interview, accepting after an offer); the others go in a menu, and the
 * rejection and the withdrawal are set apart. A locked job offers none (only undo). */
export function nextActions(job: TrackedJob): NextActions {
  const allowed = TRANSITIONS[job.stage];
  const steps = allowed.filter((t) => !ENDS_EARLY.includes(t)).map((t) => action(job, t));
  return {
    primary: steps[0] ?? null,
    others: steps.slice(1),
    canReject: allowed.includes(REJECTED_STAGE),
    canWithdraw: allowed.includes(WITHDRAWN_STAGE),
  };
}
