import { STAGE_LABELS } from "../../../generated/trackingSchema.js";
import type { Step } from "../model/importSteps";

/** The dry run's answer: what will be created and skipped, problems at their rows, the jobs in
 * the file; Import only when the server refused nothing. */
export function ImportPreview({
  step,
  onCancel,
  onImport,
}: {
  step: Extract<Step, { name: "preview" }>;
  onCancel: () => void;
  onImport: () => void;
}) {
  const { built, result, fromCsv } = step;
  const problems = [...built.problems, ...result.problems].sort((a, b) => a.row - b.row);
  const blocking = result.problems.length > 0;
  const where = (row: number) => (row === 0 ? "File" : fromCsv ? `Row ${row}` : `Job ${row}`);
  return (
    <div className="import-preview">
      <h4>Preview</h4>
      <p role="status">
        {blocking
          ? "The server refused part of this file: fix the rows below in the file and choose it again."
          : `${result.created} ${result.created === 1 ? "job" : "jobs"} will be created, ${result.skipped} skipped as ${result.skipped === 1 ? "a duplicate" : "duplicates"} of jobs you already have.`}
      </p>
      {problems.length > 0 && (
        <>
          <h5>
            {problems.length} {problems.length === 1 ? "problem" : "problems"}
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
                <th scope="col">Stage</th>
              </tr>
            </thead>
            <tbody>
              {built.document.jobs.map((job, i) => (
                <tr key={i}>
                  <td>{built.rowNumbers[i]}</td>
                  <td>{job.company}</td>
                  <td>{job.title}</td>
                  <td>{STAGE_LABELS[job.events?.at(-1)?.event_type ?? "saved"]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="form-actions">
        {!blocking && result.created > 0 && (
          <button type="button" className="button primary" onClick={onImport}>
            Import {result.created} {result.created === 1 ? "job" : "jobs"}
          </button>
        )}
        <button type="button" className="button" onClick={onCancel}>
          {blocking || result.created === 0 ? "Choose another file" : "Cancel"}
        </button>
      </div>
    </div>
  );
}
