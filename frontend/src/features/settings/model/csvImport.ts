/** From a spreadsheet's rows to Track's export document: which column holds what (guessed from
 * the header names), which status word means which stage, the event history each row needs
 * (the fewest steps the API's stage rules allow; the steps the sheet does not date are
 * inferred), the rows that need a date from the person, batches, and the server's `jobs[i]...`
 * problems mapped back to the CSV's row numbers. Pure: no React, no fetching, no CSV parsing;
 * dates are read by `sheetDates`. */
import { humanize, type FieldError } from "../../../lib/apiClient";
import type { components } from "../../../generated/api";
import {
  SHORTEST_HISTORIES,
  STAGES,
  STAGE_LABELS,
  type EventTypeValue,
  type StageValue,
} from "../../../generated/trackingSchema.js";
import type { Stage } from "../../../lib/apiTypes";
import { formatDate as formatIso } from "../../../lib/format";
import { parseSheetDate, type DayOrder } from "./sheetDates";

export type ImportDocument = components["schemas"]["ImportDocument"];
type ImportJob = components["schemas"]["ImportJob"];
type ImportEvent = NonNullable<ImportJob["events"]>[number];

export type Row = Record<string, string>;

export const CSV_FIELDS = [
  { key: "company", label: "Company", required: true },
  { key: "title", label: "Job title", required: true },
  { key: "url", label: "Posting URL", required: false },
  { key: "status", label: "Status", required: false },
  { key: "applied", label: "Date applied", required: false },
  { key: "salary", label: "Salary", required: false },
  { key: "location", label: "Location", required: false },
  { key: "notes", label: "Notes", required: false },
] as const;

type CsvField = (typeof CSV_FIELDS)[number]["key"];
/** Each field's column (a header of the file), or "" for none. */
export type ColumnMapping = Record<CsvField, string>;

const HEADER_GUESSES: Record<CsvField, RegExp> = {
  company: /^(company|company name|employer|organi[sz]ation|org)$/,
  title: /^(title|job title|job|position|role|job name)$/,
  url: /^(url|link|job url|job link|posting|posting url|job posting|website)$/,
  status: /^(status|stage|state|application status|progress)$/,
  applied: /^(date applied|applied|applied on|applied date|application date|date)$/,
  salary: /^(salary|pay|compensation|salary range|comp)$/,
  location: /^(location|city|place|where|remote)$/,
  notes: /^(notes?|comments?|description|details)$/,
};

const normal = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[_\-.]+/g, " ")
    .replace(/\s+/g, " ");

/** The column each field most likely is, from the header names; "" when none fits. A column
 * is given to one field at most. */
export function guessMapping(headers: readonly string[]): ColumnMapping {
  const used = new Set<string>();
  const mapping = {} as ColumnMapping;
  for (const { key } of CSV_FIELDS) {
    const found = headers.find((h) => !used.has(h) && HEADER_GUESSES[key].test(normal(h)));
    mapping[key] = found ?? "";
    if (found) used.add(found);
  }
  return mapping;
}

/** The stages a status word can map to: every stage, in stage order. */
export const IMPORT_STAGES: readonly Stage[] = STAGES.map((s) => s.value);

export interface StageChoice {
  stage: Stage;
  /** For rejected: the reason written on the rejection ("ghosted"). */
  reason?: string;
}

const STATUS_GUESSES: [RegExp, Stage][] = [
  [/^(wish ?list|saved|bookmarked|interested|to apply|not applied)$/, "saved"],
  [/^(applied|submitted|application sent|sent)$/, "applied"],
  [/^(phone screen|screen|screening|recruiter call|phone call|hr call)$/, "screening"],
  [/^(interview|interviewing|interviews|onsite|on site|technical interview)$/, "interview"],
  [/^(references?|reference check)$/, "reference"],
  [/^(offer|offered|offer received)$/, "offer"],
  [/^(accepted|hired|signed)$/, "accepted"],
  [/^(declined|turned down|offer declined)$/, "declined"],
  // The job seeker stopped: applied, then withdrawn (SHORTEST_HISTORIES), never an offer.
  [/^(withdrawn|withdrew|withdrawal|withdrew application)$/, "withdrawn"],
  [
    /^(rejected|rejection|ghosted|no response|no reply|declined by company|not selected)$/,
    "rejected",
  ],
];

/** A rejection's note from the status word: the word as its details, and "no response" as
 * its reason when the word says the company never answered. */
function rejectionNote(reason: string): { reason: string; reason_category?: "no_response" } {
  return /^(ghosted|no response|no reply)$/.test(reason)
    ? { reason, reason_category: "no_response" }
    : { reason };
}

/** The stage a status word means; unknown words (and an empty status) → applied. */
export function guessStage(word: string): StageChoice {
  const key = normal(word);
  const stage = STATUS_GUESSES.find(([pattern]) => pattern.test(key))?.[1] ?? "applied";
  return stage === "rejected" ? { stage, reason: key } : { stage };
}

/** The distinct status words of the column, trimmed, in first-seen order ("" included when a
 * row has none). */
export function distinctStatuses(rows: readonly Row[], column: string): string[] {
  if (!column) return [];
  const seen = new Set<string>();
  for (const row of rows) seen.add((row[column] ?? "").trim());
  return [...seen];
}

export function guessStatusMap(words: readonly string[]): Record<string, StageChoice> {
  return Object.fromEntries(words.map((w) => [w, guessStage(w)]));
}

const START: StageValue = STAGES.find((s) => s.kind === "start")?.value ?? "saved";
/** What the file's date column says happened on that day. */
const APPLIED: EventTypeValue = "applied";

/** The events that bring a new job to `choice.stage`: the fewest the API's stage rules allow
 * (the generated SHORTEST_HISTORIES), through applied. Only the applied event is dated (the
 * date column is the day the user applied); every step after it is `inferred`: the sheet says
 * the job got there, not when, so it carries the same date and says it is not known. Never an
 * offer the sheet does not imply (withdrawn and rejected follow applied directly). A job still
 * at the start has no events. */
export function historyFor(choice: StageChoice, date: string): ImportEvent[] {
  if (choice.stage === START) return [];
  const types = [
    ...(SHORTEST_HISTORIES[START][APPLIED] ?? []),
    ...(SHORTEST_HISTORIES[APPLIED][choice.stage] ?? []),
  ];
  return types.map((event_type): ImportEvent => {
    if (event_type === APPLIED) return { event_type, event_date: date, inferred: false };
    // A rejection carries the status word as its reason (the server numbers an interview).
    if (event_type === "rejected" && choice.reason) {
      return { event_type, event_date: date, inferred: true, note: rejectionNote(choice.reason) };
    }
    return { event_type, event_date: date, inferred: true };
  });
}

/** The steps an event list creates, in words: "Applied 5 Oct 2026 → Interview (date not
 * known)". `formatDate` writes a date as the page does. */
export function stepsText(
  events: readonly ImportEvent[],
  formatDate: (iso: string) => string,
): string {
  if (!events.length) return STAGE_LABELS[START];
  return events
    .map((e) =>
      e.inferred
        ? `${STAGE_LABELS[e.event_type]} (date not known)`
        : `${STAGE_LABELS[e.event_type]} ${formatDate(e.event_date)}`,
    )
    .join(" → ");
}

export interface RowProblem {
  /** The CSV's row number as a spreadsheet shows it (the header is row 1). */
  row: number;
  message: string;
}

/** A row whose date is empty or unreadable: the person picks its date or leaves it out. */
export interface UndatedRow {
  row: number;
  company: string;
  title: string;
  /** The cell as it was ("" when empty). */
  raw: string;
}

/** What the person decided for an undated row: its date, or `null` to leave it out. */
export type DateChoices = Record<number, string | null>;

export interface BuiltImport {
  document: ImportDocument;
  /** For each job of the document, its CSV row number. */
  rowNumbers: number[];
  /** Rows left out, or changed, before anything was sent. */
  problems: RowProblem[];
  /** Rows waiting for a date (not in the document until the person picks one). */
  undated: UndatedRow[];
}

export interface BuildOptions {
  /** The page's local date: a later date is flagged. Never used as a row's date. */
  today: string;
  dayOrder: DayOrder;
  dateChoices?: DateChoices;
}

const cell = (row: Row, column: string) => (column ? (row[column] ?? "").trim() : "");

/** A posting link as a web address: as written when it has http(s)://, with https:// when it
 * is a host and path without a scheme (`careers.acme.com/jobs/42`); null when it is neither. */
export function webAddress(url: string): { url: string; added: boolean } | null {
  if (/^https?:\/\/\S+$/i.test(url)) return { url, added: false };
  if (/^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?::\d+)?(?:[/?#]\S*)?$/i.test(url)) {
    return { url: `https://${url}`, added: true };
  }
  return null;
}

/** The export document for the rows (version 1). Rows without company or title are left out
 * and reported. A row whose date is empty or unreadable is held back (`undated`) until the
 * person picks its date or leaves it out (`dateChoices`): today is never used in its place. A
 * date after today, and a link given https://, are reported; a link that is not a web address
 * is left out of the job and reported. */
export function buildDocument(
  rows: readonly Row[],
  mapping: ColumnMapping,
  statusMap: Record<string, StageChoice>,
  { today, dayOrder, dateChoices = {} }: BuildOptions,
): BuiltImport {
  const jobs: ImportJob[] = [];
  const rowNumbers: number[] = [];
  const problems: RowProblem[] = [];
  const undated: UndatedRow[] = [];
  rows.forEach((row, index) => {
    const rowNumber = index + 2;
    const company = cell(row, mapping.company);
    const title = cell(row, mapping.title);
    if (!company && !title && Object.values(row).every((v) => !String(v ?? "").trim())) return;
    if (!company || !title) {
      const missing = [!company && "company", !title && "job title"].filter(Boolean).join(" and ");
      problems.push({ row: rowNumber, message: `No ${missing}: this row is left out.` });
      return;
    }
    const status = mapping.status ? cell(row, mapping.status) : "";
    const choice = mapping.status
      ? (statusMap[status] ?? guessStage(status))
      : { stage: "applied" as Stage };
    const rawDate = cell(row, mapping.applied);
    let date = rawDate ? parseSheetDate(rawDate, dayOrder) : null;
    if (!date && choice.stage !== START) {
      const chosen = dateChoices[rowNumber];
      if (chosen === null) {
        problems.push({ row: rowNumber, message: "No date: left out, as you chose." });
        return;
      }
      if (chosen === undefined) {
        undated.push({ row: rowNumber, company, title, raw: rawDate });
        return;
      }
      date = chosen;
      problems.push({
        row: rowNumber,
        message: `${rawDate ? `“${rawDate}” is not a date Track can read` : "No date"}: ${formatIso(date)}, as you chose.`,
      });
    }
    if (date && date > today && choice.stage !== START) {
      problems.push({
        row: rowNumber,
        message: `The date ${formatIso(date)} is in the future: check it in the file.`,
      });
    }
    const url = cell(row, mapping.url);
    const address = url ? webAddress(url) : null;
    if (url && !address) {
      problems.push({
        row: rowNumber,
        message: `“${url}” is not a web address; it is left out.`,
      });
    } else if (address?.added) {
      problems.push({
        row: rowNumber,
        message: `“${url}” has no https://; imported as ${address.url}.`,
      });
    }
    const notes: NonNullable<ImportJob["notes"]> = {};
    const salary = cell(row, mapping.salary);
    const location = cell(row, mapping.location);
    const general = cell(row, mapping.notes);
    if (salary) notes.salary = salary;
    if (location) notes.location = location;
    if (general) notes.general_note = general;
    jobs.push({
      company,
      title,
      ...(address ? { job_url: address.url } : {}),
      ...(Object.keys(notes).length ? { notes } : {}),
      events: date ? historyFor(choice, date) : [],
    });
    rowNumbers.push(rowNumber);
  });
  return {
    document: { format: "track-export", version: 1, jobs },
    rowNumbers,
    problems,
    undated,
  };
}

/** The document's jobs in parts of at most `size` (200 by default), each its own document,
 * with the index of its first job. */
export function batches(
  document: ImportDocument,
  size = 200,
): { start: number; document: ImportDocument }[] {
  const parts: { start: number; document: ImportDocument }[] = [];
  for (let start = 0; start < document.jobs.length; start += size) {
    parts.push({
      start,
      document: { ...document, jobs: document.jobs.slice(start, start + size) },
    });
  }
  return parts;
}

/** The import without the jobs at `leftOut` (indexes in its document), rows kept in step. */
export function withoutJobs(built: BuiltImport, leftOut: ReadonlySet<number>): BuiltImport {
  if (!leftOut.size) return built;
  const keep = (_: unknown, i: number) => !leftOut.has(i);
  return {
    ...built,
    document: { ...built.document, jobs: built.document.jobs.filter(keep) },
    rowNumbers: built.rowNumbers.filter(keep),
  };
}

/** A 422's problems on a part starting at job `start`, each at its CSV row (or, with no row
 * numbers, "Job N"), the rest of the path kept ("events[1].event_type: ..."). */
export function serverProblems(
  errors: readonly FieldError[],
  start: number,
  rowNumbers: readonly number[] | null,
): RowProblem[] {
  return errors.map(({ loc, msg }) => {
    const at = loc[0] === "body" ? loc.slice(1) : loc;
    if (at[0] === "jobs" && typeof at[1] === "number") {
      const index = start + at[1];
      const rest = at
        .slice(2)
        .map((part, i) => (typeof part === "number" ? `[${part}]` : `${i ? "." : ""}${part}`))
        .join("");
      const row = rowNumbers ? (rowNumbers[index] ?? index + 2) : index + 1;
      return { row, message: rest ? `${rest}: ${humanize(msg)}` : humanize(msg) };
    }
    return { row: 0, message: humanize(msg) };
  });
}
