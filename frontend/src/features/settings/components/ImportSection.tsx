import { useQueryClient } from "@tanstack/react-query";
import { Upload } from "lucide-react";
import Papa from "papaparse";
import { useId, useState, type ChangeEvent } from "react";
import { useApi } from "../../../lib/apiContext";
import { jobKeys } from "../../../lib/jobsCache";
import {
  dryRun,
  importBatches,
  toBatches,
  type Batch,
  type BatchOutcome,
} from "../api/importExport";
import { todayIso } from "../../../lib/format";
import {
  buildDocument,
  type BuiltImport,
  type DateChoices,
  type ImportDocument,
  type Row,
  withoutJobs,
} from "../model/csvImport";
import { allParts, type CsvChoices, type Step } from "../model/importSteps";
import { CsvMapping } from "./CsvMapping";
import { ImportPreview } from "./ImportPreview";
import { ImportProgress } from "./ImportProgress";

const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Import a Track export (JSON) or a spreadsheet's CSV: map, preview with a dry run, import in
 * batches of 200 with a progress bar, then a summary with a retry for failed batches. */
export function ImportSection() {
  const api = useApi();
  const queryClient = useQueryClient();
  const fileId = useId();
  const [step, setStep] = useState<Step>({ name: "choose" });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function preview(built: BuiltImport, csv: CsvChoices | null) {
    const parts = toBatches(built.document);
    setBusy(true);
    setError(null);
    try {
      const result = await dryRun(api, parts, csv ? built.rowNumbers : null);
      setStep({ name: "preview", built, parts, result, csv });
    } catch (err) {
      setError(`Could not check the file: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  }

  /** The CSV's document from the person's choices (built again when they pick dates). */
  async function previewCsv(csv: CsvChoices) {
    const built = buildDocument(csv.rows, csv.mapping, csv.statusMap, {
      today: todayIso(),
      dayOrder: csv.dayOrder,
      dateChoices: csv.dateChoices,
    });
    await preview(built, csv);
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
        undated: [],
      };
      await preview(built, null);
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
          onPreview={(csv) => void previewCsv(csv)}
        />
      )}
      {step.name === "preview" && (
        <ImportPreview
          step={step}
          onCancel={() => setStep({ name: "choose" })}
          onImport={(leftOut) => {
            if (!leftOut.size) return void runImport(step.built, step.parts);
            const kept = withoutJobs(step.built, leftOut);
            void runImport(kept, toBatches(kept.document));
          }}
          onDates={(dateChoices: DateChoices) => {
            if (step.csv) void previewCsv({ ...step.csv, dateChoices });
          }}
        />
      )}
      {(step.name === "importing" || step.name === "done") && (
        <ImportProgress
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
        <div className="file-pick">
          {/* The page's button look on the label; the input stays in the tab order and is
              named by it, hidden only from sight (its focus ring is the label's). */}
          <label htmlFor={fileId} className="button">
            <Upload aria-hidden="true" className="icon" />
            Choose a file to import
          </label>
          <input
            id={fileId}
            className="visually-hidden-file"
            type="file"
            accept=".json,.csv,text/csv,application/json"
            onChange={(e) => void onFile(e)}
          />
        </div>
      )}
    </section>
  );
}
