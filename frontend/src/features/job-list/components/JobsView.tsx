// First: jobsTable.css (imported by JobsTable) refines these rules and must come after them.
import "./jobsView.css";
import { Plus, SearchX } from "lucide-react";
import {
  lazy,
  startTransition,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from "react";
import type { JobId } from "../../../lib/apiTypes";
import { todayIso } from "../../../lib/format";
import { PHONE_QUERY, useMediaQuery } from "../../../lib/useMediaQuery";
import { useAllJobs } from "../../../lib/useAllJobs";
import { useJobFilters } from "../../../lib/useJobFilters";
import { describeCount, hasFilters, NO_FILTERS } from "../../../lib/jobFilters";
import { hasTag } from "../../../lib/jobLabels";
import { useJobSort } from "../hooks/useJobSort";
import { nextSort, sortJobs, type JobSort, type SortKey } from "../model/sortJobs";
import { JobFiltersForm } from "./JobFilters";
import { JobsList, JobsTable } from "./JobsTable";

export const JOBS_HEADING_ID = "jobs-heading";

// Not on the first screen: fetched once a job is ticked, or "Track a job" is pressed.
const BulkBar = lazy(() => import("./BulkBar").then((m) => ({ default: m.BulkBar })));
const TrackJobDialog = lazy(() =>
  import("./TrackJobDialog").then((m) => ({ default: m.TrackJobDialog })),
);

const SORT_LABELS: Record<SortKey, string> = {
  activity: "Last activity",
  company: "Company",
  stage: "Stage",
  next: "Next date",
  priority: "Priority",
};

/** The ticked jobs: ids, kept across sorts and refetches; only those still shown count. */
function useSelection() {
  const [ids, setIds] = useState<ReadonlySet<JobId>>(() => new Set());
  const select = useCallback((changed: readonly JobId[], on: boolean) => {
    setIds((prev) => {
      const next = new Set(prev);
      for (const id of changed) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }, []);
  const clear = useCallback(() => setIds(new Set()), []);
  return { ids, select, clear };
}

/** Rows drawn at first, then added per step: 500 jobs arrive at once, and drawing them in one
 * go would block the page for a few hundred milliseconds. A short list (up to ALL_AT_ONCE) is
 * drawn at once; a longer one starts with its first FIRST_ROWS (two screens), and each later
 * step (60 rows: one commit of 120 rows was a 100 ms task on a busy machine) is a transition,
 * which React draws in slices of a few milliseconds and adds in one commit. Off-screen rows
 * cost little once drawn (jobsTable.css), so a sort only reorders the rows already drawn, and
 * a refetch never shrinks the table under a scrolled reader. */
const ALL_AT_ONCE = 60;
const FIRST_ROWS = 30;
const ROWS_PER_STEP = 60;

function useRowsDrawn(total: number): number {
  const [drawn, setDrawn] = useState(FIRST_ROWS);
  // What was drawn at once stays drawn if the list grows past ALL_AT_ONCE.
  if (total <= ALL_AT_ONCE && drawn < total) setDrawn(total);
  useEffect(() => {
    if (total <= ALL_AT_ONCE || drawn >= total) return undefined;
    const timer = setTimeout(() => startTransition(() => setDrawn((d) => d + ROWS_PER_STEP)), 0);
    return () => clearTimeout(timer);
  }, [drawn, total]);
  return total <= ALL_AT_ONCE ? total : drawn;
}

/** The jobs view: "Track a job", search and filters (in the address, answered by the API), the
 * count in words, and every matching job as a table (a list on phones). The page holds all of
 * them before it sorts; until the last page is in, it says so and keeps the server's order. */
export function JobsView({
  selectedId,
  narrow = false,
  onOpenJob,
  strip,
}: {
  selectedId: JobId | null;
  /** A job is open beside the table. */
  narrow?: boolean;
  onOpenJob?: () => void;
  /** Shown between the toolbar and the table (the app's upcoming and follow-ups). */
  strip?: ReactNode;
}) {
  const { filters, setFilters, search } = useJobFilters();
  const all = useAllJobs(filters);
  const { sort, setSort } = useJobSort();
  const [tracking, setTracking] = useState(false);
  const selection = useSelection();
  const clearSelection = selection.clear;
  // The bulk bar opens with the first tick and stays (with what it did) until closed.
  const [bulkOpen, setBulkOpen] = useState(false);
  const phone = useMediaQuery(PHONE_QUERY);
  const today = todayIso();
  const filtered = hasFilters(filters);
  const settled = all.complete && !all.isPlaceholderData;
  const rows = useMemo(
    () => (all.complete ? sortJobs(all.jobs, sort, today) : all.jobs),
    [all.complete, all.jobs, sort, today],
  );
  const ticked = useMemo(
    () => rows.filter((job) => selection.ids.has(job.id)),
    [rows, selection.ids],
  );
  const shownTicked = useMemo(() => new Set(ticked.map((job) => job.id)), [ticked]);
  const filterByTag = useCallback(
    (tag: string) => {
      if (!hasTag(filters.tags, tag)) setFilters({ tags: [...filters.tags, tag] });
    },
    [filters.tags, setFilters],
  );
  if (ticked.length > 0 && !bulkOpen) setBulkOpen(true);
  const closeBulk = useCallback(() => {
    clearSelection();
    setBulkOpen(false);
  }, [clearSelection]);
  const drawn = useRowsDrawn(rows.length);
  const shown = useMemo(() => (drawn < rows.length ? rows.slice(0, drawn) : rows), [rows, drawn]);
  const nothingTracked = settled && !filtered && rows.length === 0;
  const noMatch = settled && filtered && rows.length === 0;
  const sortedWord = `${SORT_LABELS[sort.key]}, ${sort.direction === "ascending" ? "ascending" : "descending"}`;
  // The sort lives in the address (reload and Back/Forward keep it), like the filters.
  const sortBy = (next: JobSort) => setSort(next);

  let status = "";
  if (all.isPending) status = "Loading your jobs…";
  else if (all.isPlaceholderData) status = "Searching…";
  else if (!all.complete && !all.isError)
    status = `Loading all your jobs (${all.jobs.length} so far); sorted once every one is in.`;
  else if (all.complete && !nothingTracked)
    status = describeCount({ shown: rows.length, hasMore: false, filters });

  return (
    <section className="jobs-view" aria-labelledby={JOBS_HEADING_ID}>
      <div className="jobs-toolbar">
        <div className="jobs-title">
          <h2 id={JOBS_HEADING_ID} tabIndex={-1}>
            Jobs
          </h2>
          <p className="count" role="status">
            {status}
          </p>
        </div>
        <button type="button" className="button primary" onClick={() => setTracking(true)}>
          <Plus size={18} aria-hidden="true" />
          Track a job
        </button>
      </div>
      {!nothingTracked && <JobFiltersForm filters={filters} setFilters={setFilters} />}
      {strip}
      {bulkOpen && (
        <Suspense fallback={null}>
          <BulkBar jobs={ticked} onClear={closeBulk} headingId={JOBS_HEADING_ID} />
        </Suspense>
      )}
      {all.isError && (
        <div className="form-error" role="alert">
          <p>Could not load your jobs: {all.error?.message}</p>
          <button type="button" className="button small" onClick={() => void all.refetch()}>
            Try again
          </button>
        </div>
      )}
      {nothingTracked && (
        <div className="empty-state">
          <h3>Nothing tracked yet</h3>
          <p>
            Save a job, record each step — applied, screening, interview, reference, offer — and
            Track shows what comes next.
          </p>
          <button type="button" className="button primary" onClick={() => setTracking(true)}>
            <Plus size={18} aria-hidden="true" />
            Track your first job
          </button>
        </div>
      )}
      {noMatch && (
        <div className="empty-state">
          <SearchX size={28} aria-hidden="true" className="empty-icon" />
          <h3>No jobs match</h3>
          <p>Nothing you track matches this search and these filters.</p>
          <button type="button" className="button secondary" onClick={() => setFilters(NO_FILTERS)}>
            Clear filters
          </button>
        </div>
      )}
      {rows.length > 0 && (
        <div className="jobs-results" aria-busy={!settled || undefined}>
          {phone ? (
            <>
              <label className="phone-sort">
                Sort by
                <select
                  value={`${sort.key}:${sort.direction}`}
                  onChange={(e) => {
                    const [key, direction] = e.target.value.split(":") as [
                      SortKey,
                      JobSort["direction"],
                    ];
                    sortBy({ key, direction });
                  }}
                >
                  <option value="activity:descending">Last activity, newest</option>
                  <option value="company:ascending">Company, A–Z</option>
                  <option value="stage:descending">Stage, furthest</option>
                  <option value="next:ascending">Next date, soonest</option>
                  <option value="priority:descending">Priority, highest</option>
                </select>
              </label>
              <JobsList
                jobs={shown}
                selectedId={selectedId}
                search={search}
                today={today}
                onOpen={onOpenJob}
                labelledBy={JOBS_HEADING_ID}
                selection={shownTicked}
                onSelect={selection.select}
              />
            </>
          ) : (
            <JobsTable
              jobs={shown}
              sort={sort}
              onSort={(key) => {
                sortBy(nextSort(sort, key));
                const top = document.getElementById(JOBS_HEADING_ID);
                if (top && top.getBoundingClientRect().top < 0) top.scrollIntoView();
              }}
              sorted={all.complete}
              selectedId={selectedId}
              search={search}
              today={today}
              narrow={narrow}
              onOpen={onOpenJob}
              labelledBy={JOBS_HEADING_ID}
              selection={shownTicked}
              onSelect={selection.select}
              onTag={filterByTag}
            />
          )}
          {all.complete && (
            <p className="visually-hidden" aria-live="polite">
              Sorted by {sortedWord}.
            </p>
          )}
        </div>
      )}
      {tracking && (
        <Suspense fallback={null}>
          <TrackJobDialog onClose={() => setTracking(false)} />
        </Suspense>
      )}
    </section>
  );
}
