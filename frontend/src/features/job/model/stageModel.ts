/** What each stage card and step shows, derived only from the generated schema
 * (STAGES, PROGRESS_STAGES, FINAL_STAGES, TRANSITIONS) and the job the API returned. */
import {
  FINAL_STAGES,
  PROGRESS_STAGES,
  STAGES,
  TRANSITIONS,
  type EventTypeValue,
  type StageValue,
} from "../../../generated/trackingSchema.js";
import type { TrackedJob, TrackingEvent } from "../../../lib/apiTypes";

export const CARD_STAGES = [...PROGRESS_STAGES, ...FINAL_STAGES] as EventTypeValue[];
export const START_STAGE = STAGES.find((s) => s.kind === "start")?.value ?? "saved";
export const REJECTED_STAGE = (STAGES.find((s) => s.kind === "rejected")?.value ??
  "rejected") as EventTypeValue;

export const stageInfo = (value: StageValue) => STAGES.find((s) => s.value === value);
export const stageLabel = (value: StageValue) => stageInfo(value)?.label ?? value;

export const isRejected = (job: TrackedJob) => stageInfo(job.stage)?.kind === "rejected";
export const latestEvent = (job: TrackedJob): TrackingEvent | null => job.events.at(-1) ?? null;

/** Earliest first by date, then time (untimed first), then the order they were added. */
export const byDate = (a: TrackingEvent, b: TrackingEvent) =>
  a.event_date.localeCompare(b.event_date) ||
  (a.event_time ?? "").localeCompare(b.event_time ?? "") ||
  a.id - b.id;

/** A stage's events, shown by date. */
export const eventsOf = (job: TrackedJob, type: EventTypeValue) =>
  job.events.filter((e) => e.event_type === type).sort(byDate);

/** Whether an event of `type` may be added now (the server enforces the same rule). */
export const canAdd = (job: TrackedJob, type: EventTypeValue) =>
  TRANSITIONS[job.stage].includes(type);

/** The stage a rejected job had reached before the rejection (or its own stage otherwise). */
export function reachedStage(job: TrackedJob): StageValue {
  if (!isRejected(job)) return job.stage;
  return job.events.at(-2)?.event_type ?? START_STAGE;
}

export type CardState = "completed" | "next" | "locked" | "rejected";

/** A stage card's state: completed | next | locked | rejected (see the design's table). */
export function cardState(job: TrackedJob, stage: EventTypeValue) {
  const events = eventsOf(job, stage);
  const of = (state: CardState, canAddMore = false) => ({ state, events, canAddMore });
  if (isRejected(job)) return of("rejected");
  if (events.length) return of("completed", canAdd(job, stage));
  if (canAdd(job, stage)) return of("next");
  return of("locked");
}

export type StepStatus = "done" | "current" | "stopped" | "skipped" | "upcoming";

/** A stepper step: done | current | stopped (rejected here) | skipped | upcoming. */
export function stepStatus(job: TrackedJob, stage: StageValue): StepStatus {
  const reached = reachedStage(job);
  if (stage === reached) return isRejected(job) ? "stopped" : "current";
  if (job.events.some((e) => e.event_type === stage)) return "done";
  const rank = stageInfo(stage)?.rank;
  const reachedRank = stageInfo(reached)?.rank;
  if (rank != null && reachedRank != null && rank <= reachedRank) return "skipped";
  return "upcoming";
}
