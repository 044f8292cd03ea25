import { useEffect, useId, useRef, useState } from "react";
import { STAGES } from "../../../generated/trackingSchema.js";
import { NO_FILTERS, SEARCH_MAX_LENGTH, hasFilters, type JobFilters } from "../model/filters";

const TYPING_PAUSE_MS = 250;

/** Search (sent to the API once typing pauses), stages (any of them) and "active only". */
export function JobFiltersForm({
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
  // The stage choices fold away until wanted (open when the address already picks some).
  const [stagesOpen, setStagesOpen] = useState(filters.stages.length > 0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  function onSearch(value: string) {
    setDraft(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setFilters({ q: value }, { replace: true }), TYPING_PAUSE_MS);
  }

  return (
    <form
      className="filters"
      role="search"
      aria-label="Find jobs"
      onSubmit={(e) => {
        e.preventDefault();
        clearTimeout(timer.current);
        setFilters({ q: draft }, { replace: true });
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-search`}>Search company or title</label>
        <input
          id={`${id}-search`}
          type="search"
          value={draft}
          maxLength={SEARCH_MAX_LENGTH}
          onChange={(e) => onSearch(e.target.value)}
        />
      </div>
      <details
        className="stage-filter-toggle"
        open={stagesOpen}
        onToggle={(e) => setStagesOpen(e.currentTarget.open)}
      >
        <summary>
          Stage:{" "}
          {filters.stages.length
            ? STAGES.filter((s) => filters.stages.includes(s.value))
                .map((s) => s.label)
                .join(", ")
            : "any"}
        </summary>
        <fieldset className="stage-filter">
          <legend className="visually-hidden">Stage</legend>
          {STAGES.map((stage) => (
            <label key={stage.value} className="chip">
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
              {stage.label}
            </label>
          ))}
        </fieldset>
      </details>
      <div className="filter-row">
        <label className="chip">
          <input
            type="checkbox"
            checked={filters.active}
            onChange={(e) => setFilters({ active: e.target.checked })}
          />
          Active only
        </label>
        {hasFilters(filters) && (
          <button
            type="button"
            className="button small"
            onClick={() => {
              clearTimeout(timer.current);
              setFilters(NO_FILTERS);
            }}
          >
            Clear filters
          </button>
        )}
      </div>
    </form>
  );
}
