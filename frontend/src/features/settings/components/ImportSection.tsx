import { ArrowRight } from "lucide-react";
import { useQueryClient } from "@tanstack/react-query";
import Papa from "papaparse";
import { useId, useState, type ChangeEvent } from "react";
import { useApi } from "../../../lib/apiContext";
import { todayIso } from "../../../lib/format";
import { jobKeys } from "../../../lib/jobsCache";
import { STAGE_LABELS } from "../../../generated/trackingSchema.js";
import {
  dryRun,
  importBatches,
  toBatches,
  type Batch,
  type BatchOutcome,
  type DryRunResult,
} from "../api/importExport";
import {
  CSV_FIELDS,
  IMPORT_STAGES,
  buildDocument,
  distinctStatuses,
  guessMapping,
  guessStatusMap,
  type BuiltImport,
  type ColumnMapping,
  type ImportDocument,
  type Row,
  type StageChoice,
} from "../model/csvImport";

const MAX_FILE_BYTES = 5 * 1024 * 1024;

type Step =
  | { name: "choose" }
  | { name: "map"; headers: string[]; rows: Row[]; fileName: string }
  | { name: "preview"; built: BuiltImport; parts: Batch[]; result: DryRunResult; fromCsv: boolean }
  | { name: "importing" | "done"; built: BuiltImport; parts: Batch[]; outcomes: BatchOutcome[] };

/** Import a Track export (JSON) or a spreadsheet's CSV: map, preview with a dry run, import in
 * batches of 200 with a progress bar, then a summary with a retry for failed batches. */
export function ImportSection() {
  const api = useApi();
  const queryClient = useQueryClient();
  const fileId = useId();
  const [step, setStep] = useState<Step>({ name: "choose" });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function preview(built: BuiltImport, fromCsv: boolean) {
    const parts = toBatches(built.document);
    setBusy(true);
    setError(null);
    try {
      const result = await dryRun(api, parts, fromCsv ? built.rowNumbers : null);
      setStep({ name: "preview", built, parts, result, fromCsv });
    } catch (err) {
      setError(`Could not check the file: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    setError(null);
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setError(`${file.name} is larger than 5 MB; split it into smaller files.`);
      return;
    }
    const text = await file.text();
    if (/\.json$/i.test(file.name) || text.trimStart().startsWith("{")) {
      let document: ImportDocument;
      try {
        document = JSON.parse(text) as ImportDocument;
      } catch {
        setError(`${file.name} is not valid JSON.`);
        return;
      }
      if (document?.format !== "track-export" || !Array.isArray(document.jobs)) {
        setError(`${file.name} is not a Track export (its "format" is not "track-export").`);
        return;
      }
      const built: BuiltImport = {
        document,
        rowNumbers: document.jobs.map((_, i) => i + 1),
        problems: [],
      };
      await preview(built, false);
      return;
    }
    const parsed = Papa.parse<Row>(text, { header: true, skipEmptyLines: "greedy" });
    const headers = (parsed.meta.fields ?? []).filter((h) => h.trim());
    if (!headers.length || !parsed.data.length) {
      setError(`${file.name} has no rows under a header row.`);
      return;
    }
    setStep({ name: "map", headers, rows: parsed.data, fileName: file.name });
  }

  async function runImport(built: BuiltImport, parts: Batch[], previous: BatchOutcome[] = []) {
    let outcomes = previous;
    setStep({ name: "importing", built, parts, outcomes });
    await importBatches(api, parts, (outcome) => {
      outcomes = [...outcomes.filter((o) => o.batch !== outcome.batch), outcome];
      setStep({ name: "importing", built, parts: allParts(built, parts, previous), outcomes });
    });
    setStep({ name: "done", built, parts: allParts(built, parts, previous), outcomes });
    await queryClient.invalidateQueries({ queryKey: jobKeys.all });
    await queryClient.invalidateQueries({ queryKey: ["insights"] });
  }

  return (
    <section className="settings-card" aria-labelledby="import-heading">
      <h3 id="import-heading">Import</h3>
      <p>
        A Track export (<code>.json</code>), or a <code>.csv</code> from a spreadsheet or another
        tracker with a header row. Nothing is saved until you confirm, and jobs you already have
        (same company, title and URL) are skipped.
      </p>
      {busy && <p role="status">Checking the file with the server…</p>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {step.name === "map" && (
        <CsvMapping
          key={step.fileName}
          step={step}
          busy={busy}
          onCancel={() => setStep({ name: "choose" })}
          onPreview={(built) => void preview(built, true)}
        />
      )}
      {step.name === "preview" && (
        <Preview
          step={step}
          onCancel={() => setStep({ name: "choose" })}
          onImport={() => void runImport(step.built, step.parts)}
        />
      )}
      {(step.name === "importing" || step.name === "done") && (
        <Progress
          step={step}
          onRetry={(failed) =>
            void runImport(
              step.built,
              failed,
              step.outcomes.filter((o) => !failed.includes(o.batch)),
            )
          }
        />
      )}
      {(step.name === "choose" || step.name === "done") && (
        <p>
          <label htmlFor={fileId}>Choose a file to import</label>
          <input
            id={fileId}
            type="file"
            accept=".json,.csv,text/csv,application/json"
            onChange={(e) => void onFile(e)}
          />
        </p>
      )}
    </section>
  );
}

/** Every batch of the import (a retry runs only the failed ones). */
const allParts = (_built: BuiltImport, parts: Batch[], previous: BatchOutcome[]) =>
  [...previous.map((o) => o.batch).filter((b) => !parts.includes(b)), ...parts].sort(
    (a, b) => a.start - b.start,
  );

function CsvMapping({
  step,
  busy,
  onCancel,
  onPreview,
}: {
  step: Extract<Step, { name: "map" }>;
  busy: boolean;
  onCancel: () => void;
  onPreview: (built: BuiltImport) => void;
}) {
  const formId = useId();
  const [mapping, setMapping] = useState<ColumnMapping>(() => guessMapping(step.headers));
  const words = distinctStatuses(step.rows, mapping.status);
  const [statusMap, setStatusMap] = useState<Record<string, StageChoice>>({});
  const choiceFor = (word: string) => statusMap[word] ?? guessStatusMap([word])[word]!;
  const missing = CSV_FIELDS.filter((f) => f.required && !mapping[f.key]);

  return (
    <form
      className="csv-mapping"
      onSubmit={(event) => {
        event.preventDefault();
        if (missing.length || busy) return;
        const map = Object.fromEntries(words.map((w) => [w, choiceFor(w)]));
        onPreview(buildDocument(step.rows, mapping, map, todayIso()));
      }}
    >
      <p>
        <strong>{step.fileName}</strong>: {step.rows.length}{" "}
        {step.rows.length === 1 ? "row" : "rows"}, {step.headers.length} columns.
      </p>
      <fieldset>
        <legend>1. Which column holds what?</legend>
        <div className="mapping-grid">
          {CSV_FIELDS.map((field) => (
            <div key={field.key} className="mapping-field">
              <label htmlFor={`${formId}-field-${field.key}`}>
                {field.label}
                {field.required ? " (required)" : ""}
              </label>
              <select
                id={`${formId}-field-${field.key}`}
                value={mapping[field.key]}
                onChange={(e) => setMapping({ ...mapping, [field.key]: e.target.value })}
              >
                <option value="">— not in this file —</option>
                {step.headers.map((h) => (
                  <option key={h} value={h}>
                    {h}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </div>
      </fieldset>
      {mapping.status ? (
        <fieldset>
          <legend>2. What does each status mean?</legend>
          <div className="mapping-grid">
            {words.map((word, index) => {
              const choice = choiceFor(word);
              return (
                <div key={word} className="mapping-field">
                  <label htmlFor={`${formId}-status-${index}`}>
                    “{word || "(empty)"}”<span className="visually-hidden"> means</span>{" "}
                    <ArrowRight size={14} aria-hidden="true" />
                  </label>
                  <select
                    id={`${formId}-status-${index}`}
                    value={choice.stage}
                    onChange={(e) => {
                      const stage = e.target.value as StageChoice["stage"];
                      setStatusMap({
                        ...statusMap,
                        [word]:
                          stage === "rejected"
                            ? { stage, reason: word.trim().toLowerCase() || undefined }
                            : { stage },
                      });
                    }}
                  >
                    {IMPORT_STAGES.map((s) => (
                      <option key={s} value={s}>
                        {STAGE_LABELS[s]}
                      </option>
                    ))}
                  </select>
                </div>
              );
            })}
          </div>
        </fieldset>
      ) : (
        <p className="muted">No status column: every job is imported as applied.</p>
      )}
      {missing.length > 0 && (
        <p className="form-error" role="alert">
          Choose the column for {missing.map((f) => f.label.toLowerCase()).join(" and ")}.
        </p>
      )}
      <div className="form-actions">
        <button
          type="submit"
          className="button primary"
          aria-disabled={busy || missing.length > 0 || undefined}
        >
          Check the import
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Preview({
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

function Progress({
  step,
  onRetry,
}: {
  step: Extract<Step, { name: "importing" | "done" }>;
  onRetry: (failed: Batch[]) => void;
}) {
  const total = step.built.document.jobs.length;
  const sent = step.outcomes.reduce((n, o) => n + o.batch.document.jobs.length, 0);
  const created = step.outcomes.reduce((n, o) => n + (o.created ?? 0), 0);
  const skipped = step.outcomes.reduce((n, o) => n + (o.skipped ?? 0), 0);
  const failed = step.outcomes.filter((o) => o.error);
  return (
    <div className="import-progress">
      <label>
        <span>
          {step.name === "importing" ? "Importing…" : "Imported"} {sent} of {total}{" "}
          {total === 1 ? "job" : "jobs"}
        </span>
        <progress max={total} value={sent} />
      </label>
      {step.name === "done" && (
        <div role="status">
          <p>
            <strong>
              {created} {created === 1 ? "job" : "jobs"} created, {skipped} skipped as duplicates
              {failed.length
                ? `, ${failed.length} ${failed.length === 1 ? "batch" : "batches"} failed`
                : ""}
              .
            </strong>
          </p>
          {failed.length > 0 && (
            <>
              <ul className="import-problems">
                {failed.map((o) => (
                  <li key={o.batch.start}>
                    Jobs {o.batch.start + 1}–{o.batch.start + o.batch.document.jobs.length}:{" "}
                    {o.error}
                  </li>
                ))}
              </ul>
              <button
                type="button"
                className="button"
                onClick={() => onRetry(failed.map((o) => o.batch))}
              >
                Retry the failed {failed.length === 1 ? "batch" : "batches"}
              </button>
            </>
          )}
        </div>
      )}
    </div>
  );
}
