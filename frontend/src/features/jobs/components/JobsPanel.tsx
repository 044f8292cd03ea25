import type { JobId } from "../../../lib/apiTypes";
import { Upcoming } from "../../calendar/components/Upcoming";
import { FollowUps } from "../../insights/components/FollowUps";
import { useJobsList } from "../api/useJobsList";
import { useJobFilters } from "../hooks/useJobFilters";
import { describeCount, hasFilters } from "../model/filters";
import { JobFiltersForm } from "./JobFilters";
import { JobList } from "./JobList";

export const JOBS_HEADING_ID = "jobs-heading";

/** Your jobs: search and filters (in the address bar, answered by the API), the count in
 * words, the list, and "Load more" while the API has more pages. */
export function JobsPanel({
  selectedId,
  onOpenJob,
}: {
  selectedId: JobId | null;
  onOpenJob?: () => void;
}) {
  const { filters, setFilters, search } = useJobFilters();
  const list = useJobsList(filters);
  const jobs = list.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = hasFilters(filters);
  const nothingTracked = list.isSuccess && !list.isPlaceholderData && !filtered && !jobs.length;

  return (
    <section className="jobs" aria-labelledby={JOBS_HEADING_ID}>
      <h2 id={JOBS_HEADING_ID} tabIndex={-1}>
        Your jobs
      </h2>
      {!nothingTracked && <JobFiltersForm filters={filters} setFilters={setFilters} />}
      <p className="count" role="status">
        {list.isPending
          ? "Loading your jobs…"
          : list.data && !nothingTracked
            ? list.isPlaceholderData
              ? "Searching…"
              : describeCount({ shown: jobs.length, hasMore: list.hasNextPage, filters })
            : ""}
      </p>
      {list.isError && !list.isFetchNextPageError && (
        <div className="form-error" role="alert">
          <p>Could not load your jobs: {list.error.message}</p>
          <button type="button" className="button small" onClick={() => void list.refetch()}>
            Try again
          </button>
        </div>
      )}
      {!nothingTracked && <Upcoming />}
      {!nothingTracked && <FollowUps />}
      {nothingTracked && (
        <div className="empty-state">
          <p>
            <strong>Nothing tracked yet.</strong>
          </p>
          <p>
            Add a job you are interested in with <em>Track a job</em>: company and title are enough.
            Then record each step as it happens (applied, screening, interviews, offer) and keep
            salary, notes and the résumé you sent in one place.
          </p>
        </div>
      )}
      <div aria-busy={list.isPlaceholderData || undefined} className="job-list-wrap">
        <JobList jobs={jobs} selectedId={selectedId} search={search} onOpen={onOpenJob} />
      </div>
      {list.isFetchNextPageError && (
        <p className="form-error" role="alert">
          Could not load more: {list.error?.message}
        </p>
      )}
      {list.hasNextPage && (
        <button
          type="button"
          className="button"
          aria-disabled={list.isFetchingNextPage || undefined}
          onClick={() => {
            if (!list.isFetchingNextPage) void list.fetchNextPage();
          }}
        >
          {list.isFetchingNextPage ? "Loading more…" : "Load more"}
        </button>
      )}
    </section>
  );
}
