/** From a spreadsheet's rows to Track's export document: which column holds what (guessed from
 * the header names), which status word means which stage, the event history each row needs
 * (legal under the API's stage rules), batches, and the server's `jobs[i]...` problems mapped
 * back to the CSV's row numbers. Pure: no React, no fetching, no CSV parsing. */
import { humanize, type FieldError } from "../../../lib/apiClient";
import type { components } from "../../../generated/api";
import {
  SHORTEST_HISTORIES,
  STAGES,
  type EventTypeValue,
  type StageValue,
} from "../../../generated/trackingSchema.js";
import type { Stage } from "../../../lib/apiTypes";

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

const pad = (n: number) => String(n).padStart(2, "0");
function validIso(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return null;
  }
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** A spreadsheet's date as YYYY-MM-DD: 2026-01-05 (a time after it is ignored), 2026/1/5,
 * 5.1.2026 (day first) and 1/5/2026 (month first, as US spreadsheets write it; day first when
 * the first number cannot be a month). null when empty or unreadable. */
export function parseDate(value: string): string | null {
  const text = value.trim();
  let m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ].*)?$/.exec(text);
  if (m) return validIso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (m) return validIso(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (m) {
    const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return a > 12 ? validIso(y, b, a) : validIso(y, a, b);
  }
  return null;
}

const START: StageValue = STAGES.find((s) => s.kind === "start")?.value ?? "saved";
const REJECTED: StageValue = STAGES.find((s) => s.kind === "rejected")?.value ?? "rejected";
/** What the file's date column says happened on that day. */
const APPLIED: EventTypeValue = "applied";

/** The events that bring a new job to `choice.stage`, legal under the API's stage rules: the
 * shortest history the generated SHORTEST_HISTORIES gives, through applied(D) (the date column
 * is the day the user applied), every event dated D (today when the row has no date). A
 * rejection with no date says nothing about applying: the rejection alone. */
export function historyFor(choice: StageChoice, date: string | null, today: string): ImportEvent[] {
  const day = date ?? today;
  const throughApplied = choice.stage !== START && !(choice.stage === REJECTED && !date);
  const via = throughApplied ? APPLIED : START;
  const types = [
    ...(SHORTEST_HISTORIES[START][via] ?? []),
    ...(SHORTEST_HISTORIES[via][choice.stage] ?? []),
  ];
  return types.map((event_type): ImportEvent =>
    // A rejection carries the status word as its reason; other events carry no note.
    event_type === "rejected" && choice.reason
      ? { event_type, event_date: day, note: rejectionNote(choice.reason) }
      : { event_type, event_date: day },
  );
}

export interface RowProblem {
  /** The CSV's row number as a spreadsheet shows it (the header is row 1). */
  row: number;
  message: string;
}

export interface BuiltImport {
  document: ImportDocument;
  /** For each job of the document, its CSV row number. */
  rowNumbers: number[];
  /** Rows left out, or changed, before anything was sent. */
  problems: RowProblem[];
}

const cell = (row: Row, column: string) => (column ? (row[column] ?? "").trim() : "");

/** The export document for the rows (version 1). Rows without company or title are left out
 * and reported; an unreadable date or a URL that is not a web address is left out of the job
 * and reported. */
export function buildDocument(
  rows: readonly Row[],
  mapping: ColumnMapping,
  statusMap: Record<string, StageChoice>,
  today: string,
): BuiltImport {
  const jobs: ImportJob[] = [];
  const rowNumbers: number[] = [];
  const problems: RowProblem[] = [];
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
    const rawDate = cell(row, mapping.applied);
    const date = rawDate ? parseDate(rawDate) : null;
    if (rawDate && !date) {
      problems.push({
        row: rowNumber,
        message: `“${rawDate}” is not a date Track can read (use YYYY-MM-DD); today is used.`,
      });
    }
    const url = cell(row, mapping.url);
    const goodUrl = /^https?:\/\/\S+$/i.test(url);
    if (url && !goodUrl) {
      problems.push({
        row: rowNumber,
        message: `“${url}” is not a web address (http:// or https://); it is left out.`,
      });
    }
    const status = mapping.status ? cell(row, mapping.status) : "";
    const choice = mapping.status
      ? (statusMap[status] ?? guessStage(status))
      : { stage: "applied" as Stage };
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
      ...(goodUrl ? { job_url: url } : {}),
      ...(Object.keys(notes).length ? { notes } : {}),
      events: historyFor(choice, date, today),
    });
    rowNumbers.push(rowNumber);
  });
  return { document: { format: "track-export", version: 1, jobs }, rowNumbers, problems };
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
