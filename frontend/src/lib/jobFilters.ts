/** The list's filters as the address bar holds them (`?q=acme&stage=applied&stage=screening&
 * active=true&tag=remote&priority=2`), so reload, Back/Forward and shared links keep them; and as
 * the API takes them (`priority` is the API's `priority_min`). */
import { STAGE_LABELS, STAGES, type StageValue } from "../generated/trackingSchema.js";
import { asPriority, PRIORITY_LABELS, tidyTags } from "./jobLabels";

export interface JobFilters {
  /** As typed (the API trims it); at most SEARCH_MAX_LENGTH characters once trimmed. */
  q: string;
  stages: StageValue[];
  /** Leave out accepted, declined and rejected jobs. */
  active: boolean;
  /** Jobs having every one of these tags (ignoring case). */
  tags: string[];
  /** Jobs of at least this priority (0: any). */
  priority: number;
}

export const SEARCH_MAX_LENGTH = 100;
export const NO_FILTERS: JobFilters = Object.freeze({
  q: "",
  stages: [],
  active: false,
  tags: [],
  priority: 0,
});

const STAGE_ORDER = STAGES.map((s) => s.value);
const isStage = (value: string): value is StageValue =>
  (STAGE_ORDER as readonly string[]).includes(value);
/** Known stages once each, in stage order: unknown ones in a hand-edited URL are dropped. */
const tidyStages = (stages: readonly string[]): StageValue[] =>
  STAGE_ORDER.filter((stage) => stages.includes(stage) && isStage(stage));

export function parseFilters(search: string): JobFilters {
  const params = new URLSearchParams(search);
  return {
    q: (params.get("q") ?? "").slice(0, SEARCH_MAX_LENGTH),
    stages: tidyStages(params.getAll("stage")),
    active: params.get("active") === "true",
    tags: tidyTags(params.getAll("tag")),
    priority: asPriority(params.get("priority")),
  };
}

/** "?q=...&stage=...&active=true&tag=...&priority=2", or "" without filters. */
export function filtersToSearch(filters: JobFilters): string {
  const params = new URLSearchParams();
  if (filters.q.trim()) params.set("q", filters.q);
  for (const stage of tidyStages(filters.stages)) params.append("stage", stage);
  if (filters.active) params.set("active", "true");
  for (const tag of tidyTags(filters.tags)) params.append("tag", tag);
  if (asPriority(filters.priority)) params.set("priority", String(filters.priority));
  const qs = params.toString();
  return qs ? `?${qs}` : "";
}

/** The filters as the API and the cache key take them: equal lists, equal keys. */
export function apiFilters(filters: JobFilters): JobFilters {
  return {
    q: filters.q.trim().slice(0, SEARCH_MAX_LENGTH),
    stages: tidyStages(filters.stages),
    active: filters.active,
    // The API ignores case and order: equal sets, equal cache keys.
    tags: tidyTags(filters.tags.map((t) => t.toLowerCase())).sort(),
    priority: asPriority(filters.priority),
  };
}

export const hasFilters = (filters: JobFilters) => {
  const f = apiFilters(filters);
  return f.q !== "" || f.stages.length > 0 || f.active || f.tags.length > 0 || f.priority > 0;
};

/** The filters in words: “acme”, Applied or Screening, active only, tagged “remote”, priority
 * Medium or higher. */
function describeFilters(filters: JobFilters): string {
  const f = apiFilters(filters);
  const parts: string[] = [];
  if (f.q) parts.push(`“${f.q}”`);
  if (f.stages.length) parts.push(f.stages.map((stage) => STAGE_LABELS[stage]).join(" or "));
  if (f.active) parts.push("active only");
  if (f.tags.length)
    parts.push(
      `tagged ${tidyTags(filters.tags)
        .map((t) => `“${t}”`)
        .join(" and ")}`,
    );
  if (f.priority) parts.push(`priority ${PRIORITY_LABELS[f.priority]} or higher`);
  return parts.join(", ");
}

/** What the list shows, honest about filters and about pages not loaded yet. */
export function describeCount({
  shown,
  hasMore,
  filters,
}: {
  shown: number;
  hasMore: boolean;
  filters: JobFilters;
}): string {
  const jobs = (n: number) => `${n} job${n === 1 ? "" : "s"}`;
  if (!hasFilters(filters)) {
    return hasMore ? `Showing ${jobs(shown)}; there are more (Load more).` : `${jobs(shown)}`;
  }
  const f = apiFilters(filters);
  const onlySearch = f.stages.length === 0 && !f.active && !f.tags.length && !f.priority;
  const what = onlySearch ? `“${f.q}”` : `your filters (${describeFilters(filters)})`;
  if (hasMore) return `Showing ${jobs(shown)} that match ${what}; there are more (Load more).`;
  if (shown === 0) return `No jobs match ${what}.`;
  return `${jobs(shown)} ${shown === 1 ? "matches" : "match"} ${what}.`;
}
