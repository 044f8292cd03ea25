import { useState } from "react";
import { formatDate } from "../../../lib/format";
import { STAGE_LABELS } from "../../../generated/trackingSchema.js";
import { stepsText, type DateChoices } from "../model/csvImport";
import type { Step } from "../model/importSteps";
import { UndatedRows } from "./UndatedRows";

/** The dry run's answer: what will be created and skipped, problems and warnings at their rows,
 * the steps each job of the file will get ("Applied 5 Oct 2026 → Interview (date not known)"),
 * and the rows waiting for a date; Import only when the server refused nothing and every row
 * has a date or is left out. */
export function ImportPreview({
  step,
  onCancel,
  onImport,
  onDates,
}: {
  step: Extract<Step, { name: "preview" }>;
  onCancel: () => void;
  /** Import, leaving out the jobs at these indexes (possible duplicates the person unticked). */
  onImport: (leftOut: ReadonlySet<number>) => void;
  onDates: (choices: DateChoices) => void;
}) {
  const { built, result, csv } = step;
  const fromCsv = csv !== null;
  const problems = [...built.problems, ...result.problems].sort((a, b) => a.row - b.row);
  const blocking = result.problems.length > 0;
  const waiting = built.undated.length > 0;
  const where = (row: number) => (row === 0 ? "File" : fromCsv ? `Row ${row}` : `Job ${row}`);
  const [leftOut, setLeftOut] = useState<ReadonlySet<number>>(new Set());
  const toggle = (index: number, leave: boolean) =>
    setLeftOut((current) => {
      const next = new Set(current);
      if (leave) next.add(index);
      else next.delete(index);
      return next;
    });
  const importing = result.created - leftOut.size;
  const alike = result.possibleDuplicates;
  return (
    <div className="import-preview">
      <h4>Preview</h4>
      <p role="status">
        {blocking
          ? "The server refused part of this file: fix the rows below in the file and choose it again."
          : `${result.created} ${result.created === 1 ? "job" : "jobs"} will be created, ${result.skipped} skipped as ${result.skipped === 1 ? "a duplicate" : "duplicates"} of jobs you already have.`}
        {waiting && ` First pick a date for the rows below, or leave them out.`}
      </p>
      {waiting && (
        <UndatedRows
          key={built.undated.map((r) => r.row).join()}
          rows={built.undated}
          onDates={(choices) => onDates({ ...csv?.dateChoices, ...choices })}
        />
      )}
      {!blocking && alike.length > 0 && (
        <fieldset className="import-duplicates">
          <legend>
            {alike.length} {alike.length === 1 ? "job looks" : "jobs look"} like{" "}
            {alike.length === 1 ? "one" : "ones"} you already track
          </legend>
          <p className="hint">
            They will be imported as new jobs unless you leave them out (nothing is merged).
          </p>
          <ul>
            {alike.map(({ index, jobs }) => {
              const job = built.document.jobs[index];
              if (!job) return null;
              return (
                <li key={index}>
                  <label>
                    <input
                      type="checkbox"
                      checked={leftOut.has(index)}
                      onChange={(e) => toggle(index, e.target.checked)}
                    />{" "}
                    Leave out {where(built.rowNumbers[index] ?? index + 1)}: {job.company} —{" "}
                    {job.title}
                  </label>
                  <span className="hint">
                    {" "}
                    {jobs
                      .map(
                        (d) =>
                          `${d.reason === "same_url" ? "same link as" : "similar to"} ${d.company} — ${d.title} (${STAGE_LABELS[d.stage]})`,
                      )
                      .join("; ")}
                  </span>
                </li>
              );
            })}
          </ul>
        </fieldset>
      )}
      {problems.length > 0 && (
        <>
          <h5>
            {problems.length} {problems.length === 1 ? "note" : "notes"} on the file
          </h5>
          <ul className="import-problems">
            {problems.map((p, i) => (
              <li key={i}>
                <strong>{where(p.row)}</strong>: {p.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {built.document.jobs.length > 0 && (
        <div className="import-table-wrap">
          <table className="import-table">
            <caption>
              {built.document.jobs.length} {built.document.jobs.length === 1 ? "job" : "jobs"} in
              the file
            </caption>
            <thead>
              <tr>
                <th scope="col">{fromCsv ? "Row" : "#"}</th>
                <th scope="col">Company</th>
                <th scope="col">Title</th>
                <th scope="col">Steps</th>
              </tr>
            </thead>
            <tbody>
              {built.document.jobs.map((job, i) => (
                <tr key={i} data-row={built.rowNumbers[i]}>
                  <td>{built.rowNumbers[i]}</td>
                  <td>{job.company}</td>
                  <td>{job.title}</td>
                  <td className="import-steps">{stepsText(job.events ?? [], formatDate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="form-actions">
        {!blocking && !waiting && importing > 0 && (
          <button type="button" className="button primary" onClick={() => onImport(leftOut)}>
            Import {importing} {importing === 1 ? "job" : "jobs"}
          </button>
        )}
        <button type="button" className="button" onClick={onCancel}>
          {blocking || (!waiting && result.created === 0) ? "Choose another file" : "Cancel"}
        </button>
      </div>
    </div>
  );
}
