/** What each stage card and step shows, derived only from the generated schema
 * (STAGES, PROGRESS_STAGES, FINAL_STAGES, TRANSITIONS) and the job the API returned. */
import {
  FINAL_STAGES,
  PROGRESS_STAGES,
  STAGES,
  TRANSITIONS,
} from "../../../generated/trackingSchema.js";

export const CARD_STAGES = [...PROGRESS_STAGES, ...FINAL_STAGES];
export const START_STAGE = STAGES.find((s) => s.kind === "start")?.value;
export const REJECTED_STAGE = STAGES.find((s) => s.kind === "rejected")?.value;

export const stageInfo = (value) => STAGES.find((s) => s.value === value);
export const stageLabel = (value) => stageInfo(value)?.label ?? value;

export const isRejected = (job) => stageInfo(job.stage)?.kind === "rejected";
export const latestEvent = (job) => (job.events.length ? job.events[job.events.length - 1] : null);
export const eventsOf = (job, type) => job.events.filter((e) => e.event_type === type);

/** Whether an event of `type` may be added now (the server enforces the same rule). */
export const canAdd = (job, type) => (TRANSITIONS[job.stage] ?? []).includes(type);

/** The stage a rejected job had reached before the rejection (or its own stage otherwise). */
export function reachedStage(job) {
  if (!isRejected(job)) return job.stage;
  const before = job.events.slice(0, -1);
  return before.length ? before[before.length - 1].event_type : START_STAGE;
}

/** A stage card's state: completed | next | locked | rejected (see the design's table). */
export function cardState(job, stage) {
  const events = eventsOf(job, stage);
  if (isRejected(job)) return { state: "rejected", events, canAddMore: false };
  if (events.length) return { state: "completed", events, canAddMore: canAdd(job, stage) };
  if (canAdd(job, stage)) return { state: "next", events, canAddMore: false };
  return { state: "locked", events, canAddMore: false };
}

/** A stepper step: done | current | stopped (rejected here) | skipped | upcoming. */
export function stepStatus(job, stage) {
  const reached = reachedStage(job);
  if (stage === reached) return isRejected(job) ? "stopped" : "current";
  if (eventsOf(job, stage).length) return "done";
  const rank = stageInfo(stage)?.rank;
  const reachedRank = stageInfo(reached)?.rank;
  if (rank != null && reachedRank != null && rank <= reachedRank) return "skipped";
  return "upcoming";
}
