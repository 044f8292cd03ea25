import { ChevronDown, Search, X } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import { PriorityTagFilters } from "../../../components/ui/PriorityTagFilters";
import { StageIcon } from "../../../components/ui/StageBadge";
import { STAGES } from "../../../generated/trackingSchema.js";
import { useSearchDraft } from "../../../lib/useSearchDraft";
import {
  NO_FILTERS,
  SEARCH_MAX_LENGTH,
  hasFilters,
  type JobFilters,
} from "../../../lib/jobFilters";

/** Search (sent to the API once typing pauses), stages (any of them), "active only", a priority
 * floor, and tags (all of them: each chosen tag is a chip that removes itself). */
export function JobFiltersForm({
  filters,
  setFilters,
}: {
  filters: JobFilters;
  setFilters: (next: Partial<JobFilters>, options?: { replace?: boolean }) => void;
}) {
  const id = useId();
  const search = useSearchDraft(filters.q, setFilters);
  // The stage choices are a menu over the table: closed until wanted, closed again by a click
  // elsewhere or Escape (the summary says which stages are chosen).
  const [stagesOpen, setStagesOpen] = useState(false);
  const stagesRef = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (!stagesOpen) return undefined;
    const onPointerDown = (event: PointerEvent) => {
      if (!stagesRef.current?.contains(event.target as Node)) setStagesOpen(false);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || !stagesRef.current?.contains(document.activeElement)) return;
      event.preventDefault();
      setStagesOpen(false);
      stagesRef.current.querySelector("summary")?.focus();
    };
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("keydown", onKeyDown, true);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("keydown", onKeyDown, true);
    };
  }, [stagesOpen]);

  return (
    <form
      className="filters"
      role="search"
      aria-label="Find jobs"
      onSubmit={(e) => {
        e.preventDefault();
        search.submit();
      }}
    >
      <div className="filter-search">
        <label htmlFor={`${id}-search`} className="visually-hidden">
          Search company or title
        </label>
        <Search size={16} aria-hidden="true" className="filter-search-icon" />
        <input
          id={`${id}-search`}
          type="search"
          value={search.draft}
          placeholder="Search company or title"
          maxLength={SEARCH_MAX_LENGTH}
          onChange={(e) => search.onChange(e.target.value)}
        />
      </div>
      <details
        ref={stagesRef}
        className="stage-filter-toggle"
        open={stagesOpen}
        onToggle={(e) => setStagesOpen(e.currentTarget.open)}
      >
        <summary className="button secondary small">
          Stage:{" "}
          {filters.stages.length
            ? STAGES.filter((s) => filters.stages.includes(s.value))
                .map((s) => s.label)
                .join(", ")
            : "any"}
          <ChevronDown size={16} aria-hidden="true" className="chevron" />
        </summary>
        <fieldset className="stage-filter">
          <legend className="visually-hidden">Stage</legend>
          {STAGES.map((stage) => (
            <label key={stage.value} className="chip" data-stage={stage.value}>
              <input
                type="checkbox"
                checked={filters.stages.includes(stage.value)}
                onChange={(e) =>
                  setFilters({
                    stages: e.target.checked
                      ? [...filters.stages, stage.value]
                      : filters.stages.filter((s) => s !== stage.value),
                  })
                }
              />
              <StageIcon stage={stage.value} />
              {stage.label}
            </label>
          ))}
        </fieldset>
      </details>
      <label className="chip">
        <input
          type="checkbox"
          checked={filters.active}
          onChange={(e) => setFilters({ active: e.target.checked })}
        />
        Active only
      </label>
      <PriorityTagFilters filters={filters} setFilters={setFilters} />
      {hasFilters(filters) && (
        <button
          type="button"
          className="button ghost small"
          onClick={() => {
            search.cancel();
            setFilters(NO_FILTERS);
          }}
        >
          <X size={16} aria-hidden="true" />
          Clear filters
        </button>
      )}
    </form>
  );
}
