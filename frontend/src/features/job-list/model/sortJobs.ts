/** The jobs table's order: by last activity, company, stage, next date or priority, either way. Ties keep
 * a fixed order (company, then newest first by id), so equal rows never swap between renders.
 * Jobs with no next date go last in both directions: an empty cell is never "the soonest". */
import type { TrackedJob } from "../../../lib/apiTypes";
import { lastActivity, nextDate, stageOrder } from "../../../lib/jobFacts";

export type SortKey = "activity" | "company" | "stage" | "next" | "priority";
type SortDirection = "ascending" | "descending";
export interface JobSort {
  key: SortKey;
  direction: SortDirection;
}

/** The direction a column sorts in first: newest activity, A to Z, furthest stage, soonest date,
 * highest priority. */
const FIRST_DIRECTION: Record<SortKey, SortDirection> = {
  activity: "descending",
  company: "ascending",
  stage: "descending",
  next: "ascending",
  priority: "descending",
};

export const DEFAULT_SORT: JobSort = { key: "activity", direction: "descending" };
/** The address parameter that holds the sort (lib/useJobFilters keeps it when filters change). */
export const SORT_PARAM = "sort";

/** The sort as the address holds it: `sort=company` (its first direction) or `sort=-company`
 * (descending) / `sort=+stage` (ascending) for the other way; null for DEFAULT_SORT, which the
 * address leaves out. */
export function sortParam(sort: JobSort): string | null {
  if (sort.key === DEFAULT_SORT.key && sort.direction === DEFAULT_SORT.direction) return null;
  if (sort.direction === FIRST_DIRECTION[sort.key]) return sort.key;
  return `${sort.direction === "descending" ? "-" : "+"}${sort.key}`;
}

/** The sort an address names; DEFAULT_SORT for none, or for anything it does not know. */
export function parseSort(param: string | null): JobSort {
  const match = /^([+-]?)([a-z]+)$/.exec(param?.trim() ?? "");
  const [, sign = "", name = ""] = match ?? [];
  if (!match || !Object.hasOwn(FIRST_DIRECTION, name)) return DEFAULT_SORT;
  const key = name as SortKey;
  const direction = sign === "" ? FIRST_DIRECTION[key] : sign === "-" ? "descending" : "ascending";
  return { key, direction };
}

/** Clicking a column: its first direction, or the other one when it is already the sort. */
export function nextSort(current: JobSort, key: SortKey): JobSort {
  if (current.key !== key) return { key, direction: FIRST_DIRECTION[key] };
  return { key, direction: current.direction === "ascending" ? "descending" : "ascending" };
}

const byName = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

/** A sortable value per job, computed once per sort (not once per comparison). */
function sortValue(job: TrackedJob, key: SortKey, today: string): string | number | null {
  switch (key) {
    case "activity": {
      // Same day: the later-recorded step first (its event id, or the job's own id).
      const { date } = lastActivity(job);
      return `${date}|${String(job.events.at(-1)?.id ?? job.id).padStart(12, "0")}`;
    }
    case "company":
      return job.company;
    case "stage":
      return stageOrder(job);
    case "priority":
      return job.priority;
    case "next": {
      const next = nextDate(job, today);
      return next ? `${next.date} ${next.time ?? ""}` : null;
    }
  }
}

export function sortJobs(jobs: readonly TrackedJob[], sort: JobSort, today: string): TrackedJob[] {
  const sign = sort.direction === "ascending" ? 1 : -1;
  const rows = jobs.map((job) => ({ job, value: sortValue(job, sort.key, today) }));
  rows.sort((a, b) => {
    if (a.value === null || b.value === null) {
      if (a.value !== b.value) return a.value === null ? 1 : -1;
    } else {
      const order =
        typeof a.value === "number" && typeof b.value === "number"
          ? a.value - b.value
          : sort.key === "company"
            ? byName.compare(String(a.value), String(b.value))
            : String(a.value).localeCompare(String(b.value));
      if (order !== 0) return sign * order;
    }
    return byName.compare(a.job.company, b.job.company) || b.job.id - a.job.id;
  });
  return rows.map((row) => row.job);
}
