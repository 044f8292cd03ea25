/** Export and import through the API client (bearer token, errors in people's words). */
import { isApiError, newIdempotencyKey, type ApiClient } from "../../../lib/apiClient";
import { todayIso } from "../../../lib/format";
import type { DuplicateJob } from "../../../lib/posting";
import { saveFile } from "../../../lib/saveFile";
import { batches, serverProblems, type ImportDocument, type RowProblem } from "../model/csvImport";

/** GET /api/export, saved as track-export-YYYY-MM-DD.json. Returns the number of jobs. */
export async function downloadJsonExport(api: ApiClient): Promise<number> {
  const document = await api.get("/api/export", { query: { format: "json" } });
  const blob = new Blob([JSON.stringify(document, null, 2)], { type: "application/json" });
  saveFile(blob, `track-export-${todayIso()}.json`);
  return document.jobs.length;
}

/** GET /api/export?format=csv (one row per job, for a spreadsheet), saved as
 * track-export-YYYY-MM-DD.csv. Returns the number of jobs (rows after the header). */
export async function downloadCsvExport(api: ApiClient): Promise<number> {
  const text = (await api.get("/api/export", {
    query: { format: "csv" },
    headers: { Accept: "text/csv" },
    responseType: "text",
  })) as unknown as string;
  saveFile(new Blob([text], { type: "text/csv;charset=utf-8" }), `track-export-${todayIso()}.csv`);
  const lines = text.split("\r\n").filter((line) => line.length > 0);
  return Math.max(0, lines.length - 1);
}

const BATCH_SIZE = 200;

export interface Batch {
  start: number;
  document: ImportDocument;
  /** One key per batch: a retry of the same batch creates its jobs once. */
  key: string;
}

export const toBatches = (document: ImportDocument, size = BATCH_SIZE): Batch[] =>
  batches(document, size).map((part) => ({ ...part, key: newIdempotencyKey() }));

/** Jobs the file would create that look like jobs the person already tracks, by the job's
 * index in the whole document (not in its batch). */
interface PossibleDuplicate {
  index: number;
  jobs: DuplicateJob[];
}

export interface DryRunResult {
  created: number;
  skipped: number;
  problems: RowProblem[];
  possibleDuplicates: PossibleDuplicate[];
}

/** POST /api/import?dry_run=true for every batch; a 422 becomes problems at their rows. */
export async function dryRun(
  api: ApiClient,
  parts: readonly Batch[],
  rowNumbers: readonly number[] | null,
): Promise<DryRunResult> {
  const result: DryRunResult = { created: 0, skipped: 0, problems: [], possibleDuplicates: [] };
  for (const part of parts) {
    try {
      const answer = await api.post("/api/import", {
        query: { dry_run: true },
        body: part.document,
      });
      result.created += answer.created;
      result.skipped += answer.skipped_duplicates;
      for (const found of answer.possible_duplicates ?? []) {
        result.possibleDuplicates.push({ index: part.start + found.index, jobs: found.jobs });
      }
    } catch (error) {
      if (isApiError(error) && error.status === 422 && error.fieldErrors.length) {
        result.problems.push(...serverProblems(error.fieldErrors, part.start, rowNumbers));
      } else {
        throw error;
      }
    }
  }
  return result;
}

export interface BatchOutcome {
  batch: Batch;
  created?: number;
  skipped?: number;
  error?: string;
}

/** POST /api/import for each batch in turn; a failed batch does not stop the others. */
export async function importBatches(
  api: ApiClient,
  parts: readonly Batch[],
  onDone: (outcome: BatchOutcome) => void,
): Promise<void> {
  for (const batch of parts) {
    try {
      const answer = await api.post("/api/import", {
        query: { dry_run: false },
        body: batch.document,
        headers: { "Idempotency-Key": batch.key },
      });
      onDone({ batch, created: answer.created, skipped: answer.skipped_duplicates });
    } catch (error) {
      onDone({ batch, error: error instanceof Error ? error.message : String(error) });
    }
  }
}
