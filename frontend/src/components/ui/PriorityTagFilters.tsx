import { X } from "lucide-react";
import { hasTag, PRIORITY_LABELS } from "../../lib/jobLabels";
import type { JobFilters } from "../../lib/jobFilters";
import { useTags } from "../../lib/useTags";
import "./priorityTagFilters.css";

/** A priority floor, a tag to add to the filter (the caller's tags with their counts), and each
 * chosen tag as a chip that removes itself: the jobs view's and the board's filters alike. */
export function PriorityTagFilters({
  filters,
  setFilters,
}: {
  filters: JobFilters;
  setFilters: (next: Partial<JobFilters>) => void;
}) {
  const tagChoices = useTags().filter((t) => !hasTag(filters.tags, t.tag));
  return (
    <>
      <label className="filter-select">
        <span className="visually-hidden">Priority</span>
        <select
          value={filters.priority}
          onChange={(e) => setFilters({ priority: Number(e.target.value) })}
        >
          {PRIORITY_LABELS.map((label, value) => (
            <option key={label} value={value}>
              {value === 0
                ? "Priority: any"
                : `Priority: ${label}${value < PRIORITY_LABELS.length - 1 ? " or higher" : ""}`}
            </option>
          ))}
        </select>
      </label>
      {tagChoices.length > 0 && (
        <label className="filter-select">
          <span className="visually-hidden">Add a tag filter</span>
          <select
            value=""
            onChange={(e) => {
              if (e.target.value) setFilters({ tags: [...filters.tags, e.target.value] });
            }}
          >
            <option value="">Tag: {filters.tags.length ? "add another" : "any"}</option>
            {tagChoices.map((t) => (
              <option key={t.tag} value={t.tag}>
                {t.tag} ({t.jobs})
              </option>
            ))}
          </select>
        </label>
      )}
      {filters.tags.map((tag) => (
        <button
          key={tag}
          type="button"
          className="chip tag-filter"
          aria-label={`Stop filtering by tag ${tag}`}
          onClick={() => setFilters({ tags: filters.tags.filter((t) => t !== tag) })}
        >
          Tag: {tag}
          <X size={14} aria-hidden="true" />
        </button>
      ))}
    </>
  );
}
