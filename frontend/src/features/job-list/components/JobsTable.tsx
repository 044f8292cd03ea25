import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { memo, type MouseEvent } from "react";
import { useLocation } from "wouter";
import { StageBadge } from "../../../components/ui/StageBadge";
import type { JobId, TrackedJob } from "../../../lib/apiTypes";
import { DATE_NOT_KNOWN, lastActivity, lastActivityText } from "../../../lib/jobFacts";
import { PRIORITY_LABELS } from "../../../lib/jobLabels";
import { jobPath } from "../../../lib/routes";
import { fullDate, nextDateText } from "../model/cells";
import type { JobSort, SortKey } from "../model/sortJobs";
import { PriorityMark } from "../../../components/ui/PriorityMark";
import "./jobsTable.css";

export interface JobsTableProps {
  /** In the order to show (sorted by the caller once every page is in). */
  jobs: readonly TrackedJob[];
  sort: JobSort;
  onSort: (key: SortKey) => void;
  /** False while pages are still loading: no column claims to be sorted yet. */
  sorted: boolean;
  selectedId: JobId | null;
  /** The list's filters ("?..." or ""), kept in each job's address. */
  search: string;
  today: string;
  /** Beside an open job: salary and location make room for it. */
  narrow?: boolean;
  onOpen?: () => void;
  labelledBy: string;
  /** The jobs ticked for a bulk action, and how to change that. */
  selection: ReadonlySet<JobId>;
  onSelect: (ids: readonly JobId[], selected: boolean) => void;
  /** A tag chip clicked: filter the list by it. */
  onTag: (tag: string) => void;
}

const COLUMNS: { key: SortKey | null; label: string; className: string; wide?: true }[] = [
  { key: "company", label: "Company", className: "col-company" },
  { key: null, label: "Title", className: "col-title" },
  { key: "priority", label: "Priority", className: "col-priority", wide: true },
  { key: "stage", label: "Stage", className: "col-stage" },
  { key: "activity", label: "Last activity", className: "col-activity" },
  { key: "next", label: "Next date", className: "col-next" },
  { key: null, label: "Salary", className: "col-salary", wide: true },
  { key: null, label: "Location", className: "col-location", wide: true },
];

/** One click handler for every row (rows stay plain and memoised, so a sort only moves them):
 * a click on a row opens its job as its link does; a link clicked with a modifier (new tab)
 * is left to the browser, and so is a click that ends a text selection. */
/** The last activity's full date, or that it is not known (an inferred step). */
function lastActivityTitle(job: TrackedJob): string {
  const { date, known } = lastActivity(job);
  return known ? fullDate(date) : DATE_NOT_KNOWN;
}

function useOpenOnClick(onOpen?: () => void) {
  const [, navigate] = useLocation();
  return (event: MouseEvent<HTMLElement>) => {
    const target = event.target as HTMLElement;
    const item = target.closest<HTMLElement>("[data-href]");
    if (!item) return;
    if (target.closest("a")) {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
        return;
      event.preventDefault();
    } else if (target.closest("button, input, label") || window.getSelection()?.toString()) {
      return;
    }
    onOpen?.();
    navigate(item.dataset.href!);
  };
}

/** Your jobs as a dense table: one row per job, sortable by four columns (`aria-sort` on the
 * sorted one), each row opening the job; the company cell holds the row's link for keyboards.
 * Its rows are laid out as blocks (jobsTable.css: off-screen rows skip layout), so the table
 * names its roles itself: a browser may drop table semantics once `display` is not a table's. */
export function JobsTable(props: JobsTableProps) {
  const { jobs, sort, onSort, sorted, selectedId, search, today, narrow = false } = props;
  const { selection, onSelect, onTag } = props;
  const open = useOpenOnClick(props.onOpen);
  const columns = narrow ? COLUMNS.filter((c) => !c.wide) : COLUMNS;
  const ticked = jobs.filter((job) => selection.has(job.id)).length;
  return (
    <table
      role="table"
      className="jobs-table"
      aria-labelledby={props.labelledBy}
      data-narrow={narrow || undefined}
    >
      <colgroup>
        <col className="col-select" />
        {columns.map((c) => (
          <col key={c.label} className={c.className} />
        ))}
      </colgroup>
      <thead role="rowgroup">
        <tr role="row">
          <th role="columnheader" scope="col" className="cell-select">
            <input
              type="checkbox"
              aria-label="Select every job shown"
              checked={ticked > 0 && ticked === jobs.length}
              ref={(box) => {
                if (box) box.indeterminate = ticked > 0 && ticked < jobs.length;
              }}
              onChange={(e) =>
                onSelect(
                  jobs.map((job) => job.id),
                  e.target.checked,
                )
              }
            />
          </th>
          {columns.map((c) => {
            const current = sorted && c.key === sort.key ? sort.direction : undefined;
            return (
              <th key={c.label} role="columnheader" scope="col" aria-sort={current}>
                {c.key ? (
                  <button type="button" className="sort-button" onClick={() => onSort(c.key!)}>
                    {c.label}
                    <SortIcon direction={c.key === sort.key ? sort.direction : undefined} />
                  </button>
                ) : (
                  c.label
                )}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody role="rowgroup" onClick={open}>
        {jobs.map((job) => (
          <JobRow
            key={job.id}
            job={job}
            href={jobPath(job.id, search)}
            selected={job.id === selectedId}
            today={today}
            narrow={narrow}
            ticked={selection.has(job.id)}
            onSelect={onSelect}
            onTag={onTag}
          />
        ))}
      </tbody>
    </table>
  );
}

const JobRow = memo(function JobRow({
  job,
  href,
  selected,
  today,
  narrow,
  ticked,
  onSelect,
  onTag,
}: {
  job: TrackedJob;
  href: string;
  selected: boolean;
  today: string;
  narrow: boolean;
  ticked: boolean;
  onSelect: JobsTableProps["onSelect"];
  onTag: JobsTableProps["onTag"];
}) {
  return (
    <tr
      role="row"
      data-href={href}
      data-selected={selected || undefined}
      data-ticked={ticked || undefined}
    >
      <td role="cell" className="cell-select">
        <input
          type="checkbox"
          aria-label={`Select ${job.company}, ${job.title}`}
          checked={ticked}
          onChange={(e) => onSelect([job.id], e.target.checked)}
        />
      </td>
      <td role="cell" className="cell-company">
        <a href={href} aria-current={selected ? "page" : undefined}>
          {job.company}
        </a>
      </td>
      <td role="cell" className="cell-title">
        {job.title}
        <TagChips tags={job.tags} onTag={onTag} />
      </td>
      {!narrow && (
        <td role="cell">
          <PriorityMark priority={job.priority} />
        </td>
      )}
      <td role="cell">
        <StageBadge stage={job.stage} />
      </td>
      <td role="cell" title={lastActivityTitle(job)}>
        {lastActivityText(job, today)}
      </td>
      <td role="cell">{nextDateText(job, today) ?? <span className="muted">—</span>}</td>
      {!narrow && <td role="cell">{job.notes.salary}</td>}
      {!narrow && <td role="cell">{job.notes.location}</td>}
    </tr>
  );
});

/** A job's tags, each a button that filters the list by it. */
function TagChips({ tags, onTag }: { tags: readonly string[]; onTag: (tag: string) => void }) {
  return tags.map((tag) => (
    <button
      key={tag}
      type="button"
      className="tag-filter-chip"
      aria-label={`Show jobs tagged ${tag}`}
      onClick={() => onTag(tag)}
    >
      {tag}
    </button>
  ));
}

function SortIcon({ direction }: { direction: JobSort["direction"] | undefined }) {
  const Icon =
    direction === "ascending" ? ArrowUp : direction === "descending" ? ArrowDown : ArrowUpDown;
  return (
    <Icon
      size={14}
      aria-hidden="true"
      className="sort-icon"
      data-active={Boolean(direction) || undefined}
    />
  );
}

/** Phones: the same facts as a compact list, one card per job, priority, salary, location and
 * tags on a last line; the whole card is the link, with its selection box beside it. */
export function JobsList({
  jobs,
  selectedId,
  search,
  today,
  onOpen,
  labelledBy,
  selection,
  onSelect,
}: Pick<
  JobsTableProps,
  "jobs" | "selectedId" | "search" | "today" | "onOpen" | "labelledBy" | "selection" | "onSelect"
>) {
  const open = useOpenOnClick(onOpen);
  return (
    <ul className="jobs-list" aria-labelledby={labelledBy} onClick={open}>
      {jobs.map((job) => (
        <JobItem
          key={job.id}
          job={job}
          href={jobPath(job.id, search)}
          selected={job.id === selectedId}
          today={today}
          ticked={selection.has(job.id)}
          onSelect={onSelect}
        />
      ))}
    </ul>
  );
}

const JobItem = memo(function JobItem({
  job,
  href,
  selected,
  today,
  ticked,
  onSelect,
}: {
  job: TrackedJob;
  href: string;
  selected: boolean;
  today: string;
  ticked: boolean;
  onSelect: JobsTableProps["onSelect"];
}) {
  const next = nextDateText(job, today);
  const extra = [
    job.priority ? `${PRIORITY_LABELS[job.priority]} priority` : "",
    job.notes.salary,
    job.notes.location,
    job.tags.join(", "),
  ]
    .filter(Boolean)
    .join(" · ");
  return (
    <li data-ticked={ticked || undefined}>
      <input
        type="checkbox"
        className="jobs-list-select"
        aria-label={`Select ${job.company}, ${job.title}`}
        checked={ticked}
        onChange={(e) => onSelect([job.id], e.target.checked)}
      />
      <a
        href={href}
        data-href={href}
        className="jobs-list-item"
        aria-current={selected ? "page" : undefined}
      >
        <span className="jobs-list-top">
          <span className="jobs-list-company">{job.company}</span>
          <StageBadge stage={job.stage} />
        </span>
        <span className="jobs-list-title">{job.title}</span>
        <span className="jobs-list-meta">
          <span>{lastActivityText(job, today)}</span>
          {next && <span>{next}</span>}
        </span>
        {extra && <span className="jobs-list-extra">{extra}</span>}
      </a>
    </li>
  );
});
