import { Search } from "lucide-react";
import { useId } from "react";
import { PriorityTagFilters } from "../../../components/ui/PriorityTagFilters";
import { useSearchDraft } from "../../../lib/useSearchDraft";
import { SEARCH_MAX_LENGTH, type JobFilters } from "../../../lib/jobFilters";

/** Search, "active only", a priority floor and tags for the board, in the address bar like the
 * jobs view's (the stage filter is left out: the columns are the stages). */
export function BoardFilters({
  filters,
  setFilters,
}: {
  filters: JobFilters;
  setFilters: (next: Partial<JobFilters>, options?: { replace?: boolean }) => void;
}) {
  const id = useId();
  const search = useSearchDraft(filters.q, setFilters);

  return (
    <form
      className="board-filters"
      role="search"
      aria-label="Find jobs on the board"
      onSubmit={(e) => {
        e.preventDefault();
        search.submit();
      }}
    >
      <label htmlFor={`${id}-q`} className="visually-hidden">
        Search company or title
      </label>
      <span className="board-search">
        <Search aria-hidden="true" size={16} />
        <input
          id={`${id}-q`}
          type="search"
          placeholder="Search company or title"
          value={search.draft}
          maxLength={SEARCH_MAX_LENGTH}
          onChange={(e) => search.onChange(e.target.value)}
        />
      </span>
      <label className="board-active">
        <input
          type="checkbox"
          checked={filters.active}
          onChange={(e) => setFilters({ active: e.target.checked })}
        />
        Active only
      </label>
      <PriorityTagFilters filters={filters} setFilters={setFilters} />
    </form>
  );
}
