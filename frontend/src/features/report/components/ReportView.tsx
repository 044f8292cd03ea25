import { Download, Printer } from "lucide-react";
import { Fragment, useEffect, useState } from "react";
import { Link } from "wouter";
import { useApi } from "../../../lib/apiContext";
import { formatDate, todayIso } from "../../../lib/format";
import { downloadReportCsv, useReport } from "../api/report";
import { keepPrintName, readPrintName } from "../model/printName";
import {
  customRangeProblem,
  howLabel,
  lastMonth,
  longDate,
  outcomeLabel,
  rangeLabel,
  readableUrl,
  thisMonth,
  type DateRange,
  type RangeChoice,
  type ReportRow,
} from "../model/reportModel";
import "./report.css";

const CHOICES: { value: RangeChoice; label: string }[] = [
  { value: "this-month", label: "This month" },
  { value: "last-month", label: "Last month" },
  { value: "custom", label: "Custom" },
];

/** `/report`: the applications made in a period, as a table to print (A4, see report.css) or a
 * CSV to download, for a job centre that asks for proof of a job search. `account`: the signed-in
 * user, whose printed name this device keeps; `today` is for tests. */
export function ReportView({ account, today = new Date() }: { account: string; today?: Date }) {
  const api = useApi();
  const [choice, setChoice] = useState<RangeChoice>("this-month");
  const [custom, setCustom] = useState<DateRange>(() => thisMonth(today));
  const [name, setName] = useState(() => readPrintName(account));
  const [download, setDownload] = useState<{ busy: boolean; error: string | null }>({
    busy: false,
    error: null,
  });

  const problem = choice === "custom" ? customRangeProblem(custom) : null;
  const range: DateRange | null =
    choice === "this-month"
      ? thisMonth(today)
      : choice === "last-month"
        ? lastMonth(today)
        : problem
          ? null
          : custom;
  const report = useReport(range);
  const title = range ? `Job applications, ${rangeLabel(range)}` : "Job applications";

  // The printed PDF's default file name comes from the document's title.
  useEffect(() => {
    const before = document.title;
    document.title = title;
    return () => {
      document.title = before;
    };
  }, [title]);

  const saveCsv = () => {
    if (!range || download.busy) return;
    setDownload({ busy: true, error: null });
    downloadReportCsv(api, range).then(
      () => setDownload({ busy: false, error: null }),
      (err: unknown) =>
        setDownload({
          busy: false,
          error: `Could not download the CSV: ${err instanceof Error ? err.message : String(err)}`,
        }),
    );
  };

  return (
    <section className="report" aria-labelledby="report-heading">
      <div className="report-controls">
        <h2 id="report-heading">Activity report</h2>
        <p className="muted">
          The applications you made in a period, by the date you applied: print it or download it
          for a job centre.
        </p>
        <fieldset className="report-range">
          <legend>Period</legend>
          <div className="report-choices">
            {CHOICES.map((option) => (
              <label key={option.value} className="report-choice">
                <input
                  type="radio"
                  name="report-range"
                  value={option.value}
                  checked={choice === option.value}
                  onChange={() => setChoice(option.value)}
                />
                {option.label}
              </label>
            ))}
          </div>
          {choice === "custom" && (
            <div className="report-dates">
              <div className="field">
                <label htmlFor="report-from">From</label>
                <input
                  id="report-from"
                  type="date"
                  value={custom.from}
                  onChange={(e) => setCustom({ ...custom, from: e.target.value })}
                  aria-describedby={problem ? "report-range-problem" : undefined}
                />
              </div>
              <div className="field">
                <label htmlFor="report-to">To</label>
                <input
                  id="report-to"
                  type="date"
                  value={custom.to}
                  onChange={(e) => setCustom({ ...custom, to: e.target.value })}
                  aria-describedby={problem ? "report-range-problem" : undefined}
                />
              </div>
            </div>
          )}
          {problem && (
            <p id="report-range-problem" className="form-error" role="alert">
              {problem}
            </p>
          )}
        </fieldset>
        <div className="field report-name">
          <label htmlFor="report-name">Your name (printed on the report)</label>
          <input
            id="report-name"
            type="text"
            autoComplete="name"
            maxLength={200}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              keepPrintName(account, e.target.value);
            }}
            aria-describedby="report-name-help"
          />
          <small id="report-name-help" className="muted">
            Kept on this device only.
          </small>
        </div>
        <div className="report-actions">
          <button
            type="button"
            className="button"
            aria-disabled={!range || download.busy || undefined}
            onClick={saveCsv}
          >
            <Download size={16} aria-hidden="true" />
            Download CSV
          </button>
          <button
            type="button"
            className="button primary"
            aria-disabled={!range || undefined}
            onClick={() => range && window.print()}
          >
            <Printer size={16} aria-hidden="true" />
            Print
          </button>
        </div>
        {download.error && (
          <p className="form-error" role="alert">
            {download.error}
          </p>
        )}
      </div>

      <div className="report-sheet">
        <h3 className="report-title">{title}</h3>
        <p className="report-person">
          Name: {name.trim() || <span className="report-blank" aria-label="not given" role="img" />}
        </p>
        {!range ? null : report.isPending ? (
          <p role="status">Loading the report…</p>
        ) : report.isError ? (
          <div className="form-error" role="alert">
            <p>Could not load the report: {report.error.message}</p>
            <button type="button" className="button small" onClick={() => void report.refetch()}>
              Try again
            </button>
          </div>
        ) : report.data.rows.length === 0 ? (
          <div className="empty-state report-empty">
            <p>
              <strong>No applications in this period.</strong>
            </p>
            <p className="report-empty-hint">
              The report lists each job by the date of its “Applied” step. Record when you applied
              on a job, or choose another period. <Link href="/">Go to your jobs</Link>
            </p>
          </div>
        ) : (
          <ReportTable rows={report.data.rows} />
        )}
      </div>
    </section>
  );
}

/** A long link that wraps after its slashes, dots and separators rather than mid-word. */
function BreakableUrl({ text }: { text: string }) {
  const parts = text.split(/(?<=[/.?&=_-])/);
  return parts.map((part, index) => (
    <Fragment key={index}>
      {index > 0 && <wbr />}
      {part}
    </Fragment>
  ));
}

function ReportTable({ rows }: { rows: ReportRow[] }) {
  return (
    <>
      <p className="report-count">
        {rows.length === 1 ? "1 application" : `${rows.length} applications`}
        <span className="report-printed">, printed on {longDate(todayIso())}</span>
      </p>
      <table className="report-table">
        <thead>
          <tr>
            <th scope="col">Date applied</th>
            <th scope="col">Company</th>
            <th scope="col">Position</th>
            <th scope="col">Link</th>
            <th scope="col">How</th>
            <th scope="col">Contact</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={`${index}-${row.company}`}>
              <td data-label="Date applied">
                <span className="report-date">{formatDate(row.applied_date)}</span>
              </td>
              <td data-label="Company">{row.company}</td>
              <td data-label="Position">{row.title}</td>
              <td data-label="Link" className="report-link">
                {row.job_url ? (
                  <a href={row.job_url} target="_blank" rel="noreferrer">
                    <BreakableUrl text={readableUrl(row.job_url)} />
                  </a>
                ) : (
                  <span className="muted">None</span>
                )}
              </td>
              <td data-label="How">{howLabel(row.how)}</td>
              <td data-label="Contact">{row.contact ?? <span className="muted">None</span>}</td>
              <td data-label="Outcome">
                {outcomeLabel(row.outcome)}
                <span className="report-when">
                  Last update <span className="report-date">{formatDate(row.last_event_date)}</span>
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
