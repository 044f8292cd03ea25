import { Search } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import { SEARCH_MAX_LENGTH, type JobFilters } from "../../jobs/model/filters";

const TYPING_PAUSE_MS = 250;

/** Search and "active only" for the board, in the address bar like the jobs view's (the stage
 * filter is left out: the columns are the stages). */
export function BoardFilters({
  filters,
  setFilters,
}: {
  filters: JobFilters;
  setFilters: (next: Partial<JobFilters>, options?: { replace?: boolean }) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState(filters.q);
  const [shownQ, setShownQ] = useState(filters.q);
  // Back/Forward or a link changed the search: show it in the box.
  if (filters.q !== shownQ) {
    setShownQ(filters.q);
    setDraft(filters.q);
  }
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  return (
    <form
      className="board-filters"
      role="search"
      aria-label="Find jobs on the board"
      onSubmit={(e) => {
        e.preventDefault();
        clearTimeout(timer.current);
        setFilters({ q: draft }, { replace: true });
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
          value={draft}
          maxLength={SEARCH_MAX_LENGTH}
          onChange={(e) => {
            const value = e.target.value;
            setDraft(value);
            clearTimeout(timer.current);
            timer.current = setTimeout(
              () => setFilters({ q: value }, { replace: true }),
              TYPING_PAUSE_MS,
            );
          }}
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
    </form>
  );
}
