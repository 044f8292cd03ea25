/** The import's steps: choose a file, map a CSV's columns, preview (a dry run), import. */
import type { Batch, BatchOutcome, DryRunResult } from "../api/importExport";
import type { BuiltImport, ColumnMapping, DateChoices, Row, StageChoice } from "./csvImport";
import type { DayOrder } from "./sheetDates";

/** What the person chose for a CSV: enough to build its document again once they pick dates
 * for the rows that have none. */
export interface CsvChoices {
  rows: Row[];
  mapping: ColumnMapping;
  statusMap: Record<string, StageChoice>;
  dayOrder: DayOrder;
  dateChoices: DateChoices;
}

export type Step =
  | { name: "choose" }
  | { name: "map"; headers: string[]; rows: Row[]; fileName: string }
  | {
      name: "preview";
      built: BuiltImport;
      parts: Batch[];
      result: DryRunResult;
      /** The CSV's choices; absent for a Track export (JSON). */
      csv: CsvChoices | null;
    }
  | { name: "importing" | "done"; built: BuiltImport; parts: Batch[]; outcomes: BatchOutcome[] };

/** Every batch of the import (a retry runs only the failed ones). */
export const allParts = (_built: BuiltImport, parts: Batch[], previous: BatchOutcome[]) =>
  [...previous.map((o) => o.batch).filter((b) => !parts.includes(b)), ...parts].sort(
    (a, b) => a.start - b.start,
  );
