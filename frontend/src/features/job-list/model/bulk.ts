/** Bulk actions on the ticked jobs, planned without I/O: which jobs each action changes (and the
 * request each needs), which it skips and why, using the same rules as one job's view (the
 * generated TRANSITIONS and LOCKED_STAGES, the tag rules of lib/jobLabels). `runAll` then runs
 * the requests a few at a time. */
import {
  EVENT_TYPES,
  LOCKED_STAGES,
  STAGE_LABELS,
  TRANSITIONS,
  type EventTypeValue,
} from "../../../generated/trackingSchema.js";
import type { TrackedJob } from "../../../lib/apiTypes";
import { hasTag, PRIORITY_LABELS, tagProblem, TAGS_MAX } from "../../../lib/jobLabels";

export type BulkAction =
  | { kind: "priority"; priority: number }
  | { kind: "add-tag"; tag: string }
  | { kind: "remove-tag"; tag: string }
  | { kind: "move"; stage: EventTypeValue }
  | { kind: "delete" };

/** What one job needs: a patch of its priority or tags, a new event, or its deletion. */
export type BulkStep =
  | { kind: "patch"; job: TrackedJob; body: { priority: number } | { tags: string[] } }
  | { kind: "event"; job: TrackedJob; stage: EventTypeValue }
  | { kind: "delete"; job: TrackedJob };

export interface Skipped {
  job: TrackedJob;
  reason: string;
}

export interface BulkPlan {
  steps: BulkStep[];
  skipped: Skipped[];
}

/** The stages a job can be moved to in bulk: every event type, in stage order. */
export const MOVE_TARGETS: readonly EventTypeValue[] = EVENT_TYPES;

const isLocked = (job: TrackedJob) => LOCKED_STAGES.includes(job.stage);
const lockedReason = (job: TrackedJob) =>
  `it is ${STAGE_LABELS[job.stage].toLowerCase()} (locked until that step is undone)`;

/** Why `job` cannot take `action`, or null when it can (and would change). */
function skipReason(job: TrackedJob, action: BulkAction): string | null {
  if (action.kind === "delete") return null;
  if (isLocked(job)) return lockedReason(job);
  switch (action.kind) {
    case "priority":
      return job.priority === action.priority
        ? `its priority is already ${PRIORITY_LABELS[action.priority]}`
        : null;
    case "add-tag":
      if (hasTag(job.tags, action.tag)) return `it is already tagged “${action.tag.trim()}”`;
      return job.tags.length >= TAGS_MAX ? `it has ${TAGS_MAX} tags already` : null;
    case "remove-tag":
      return hasTag(job.tags, action.tag) ? null : `it is not tagged “${action.tag.trim()}”`;
    case "move":
      return TRANSITIONS[job.stage].includes(action.stage)
        ? null
        : `${STAGE_LABELS[job.stage]} cannot move to ${STAGE_LABELS[action.stage]}`;
  }
}

function step(job: TrackedJob, action: BulkAction): BulkStep {
  switch (action.kind) {
    case "priority":
      return { kind: "patch", job, body: { priority: action.priority } };
    case "add-tag":
      return { kind: "patch", job, body: { tags: [...job.tags, action.tag.trim()] } };
    case "remove-tag": {
      const gone = action.tag.trim().toLowerCase();
      return {
        kind: "patch",
        job,
        body: { tags: job.tags.filter((t) => t.toLowerCase() !== gone) },
      };
    }
    case "move":
      return { kind: "event", job, stage: action.stage };
    case "delete":
      return { kind: "delete", job };
  }
}

/** Why the action itself cannot run (a bad tag), or null. */
export function actionProblem(action: BulkAction): string | null {
  if (action.kind === "add-tag") return tagProblem([], action.tag);
  if (action.kind === "remove-tag" && !action.tag.trim()) return "Choose a tag to remove.";
  return null;
}

/** Each job once: the step it needs, or why it is skipped. */
export function planBulk(jobs: readonly TrackedJob[], action: BulkAction): BulkPlan {
  const plan: BulkPlan = { steps: [], skipped: [] };
  for (const job of jobs) {
    const reason = skipReason(job, action);
    if (reason) plan.skipped.push({ job, reason });
    else plan.steps.push(step(job, action));
  }
  return plan;
}

/** The tags the ticked jobs have (each once, ignoring case), for "Remove tag". */
export function tagsOf(jobs: readonly TrackedJob[]): string[] {
  const out: string[] = [];
  for (const job of jobs) for (const tag of job.tags) if (!hasTag(out, tag)) out.push(tag);
  return out.sort((a, b) => a.localeCompare(b, undefined, { sensitivity: "base" }));
}

export interface Outcome<T> {
  item: T;
  error: Error | null;
}

/** Run `work` on every item, at most `limit` at once, calling `onDone` as each ends; never
 * rejects: each item's outcome says whether it failed and why. */
export async function runAll<T>(
  items: readonly T[],
  work: (item: T) => Promise<unknown>,
  { limit = 3, onDone }: { limit?: number; onDone?: (outcome: Outcome<T>) => void } = {},
): Promise<Outcome<T>[]> {
  const outcomes: Outcome<T>[] = [];
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const index = next++;
      const item = items[index]!;
      let error: Error | null = null;
      try {
        await work(item);
      } catch (err) {
        error = err instanceof Error ? err : new Error(String(err));
      }
      outcomes[index] = { item, error };
      onDone?.(outcomes[index]);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return outcomes;
}

/** "Acme (Backend Engineer)": how a job is named in a result list. */
export const jobName = (job: TrackedJob) => `${job.company} (${job.title})`;

/** What the action did, in a sentence: "Priority set to High on 3 jobs." */
export function doneMessage(action: BulkAction, count: number): string {
  const jobs = `${count} job${count === 1 ? "" : "s"}`;
  switch (action.kind) {
    case "priority":
      return `Priority set to ${PRIORITY_LABELS[action.priority]} on ${jobs}.`;
    case "add-tag":
      return `Tag “${action.tag.trim()}” added to ${jobs}.`;
    case "remove-tag":
      return `Tag “${action.tag.trim()}” removed from ${jobs}.`;
    case "move":
      return `${jobs} moved to ${STAGE_LABELS[action.stage]}.`;
    case "delete":
      return `${jobs} deleted.`;
  }
}
