/** The dates a spreadsheet writes, read as YYYY-MM-DD: ISO (`2026-10-05`), month names
 * (`Oct 5, 2026`, `5 October 2026`), numbers with slashes, dots or dashes (`05/10/2026`,
 * `5/10/26`) in the day/month order the person chose, and spreadsheet serial numbers (a date
 * cell exported without its format). Pure; null for anything else: nothing is guessed. */

/** How `05/10/2026` is read: day first (5 October) or month first (May 10). */
export type DayOrder = "dmy" | "mdy";

const MONTHS = [
  "jan",
  "feb",
  "mar",
  "apr",
  "may",
  "jun",
  "jul",
  "aug",
  "sep",
  "oct",
  "nov",
  "dec",
] as const;

const pad = (n: number) => String(n).padStart(2, "0");

/** YYYY-MM-DD when the three numbers are a real date, else null (31 Feb, month 13). */
function validIso(y: number, m: number, d: number): string | null {
  if (y < 1 || y > 9999) return null;
  const date = new Date(Date.UTC(2000, m - 1, d));
  date.setUTCFullYear(y);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return null;
  }
  return `${String(y).padStart(4, "0")}-${pad(m)}-${pad(d)}`;
}

/** A two-digit year as spreadsheets read it: 00-69 → 20xx, 70-99 → 19xx. */
const fullYear = (text: string) => {
  const y = Number(text);
  if (text.length !== 2) return y;
  return y < 70 ? 2000 + y : 1900 + y;
};

/** A month's number from its English name or abbreviation ("Sept" too), else null. */
function monthNumber(name: string): number | null {
  const key = name.toLowerCase().replace(/\.$/, "");
  const index = MONTHS.findIndex((m) => key.startsWith(m));
  if (index < 0) return null;
  // "October" and "Oct" but not "Octopus": the rest must be the month's own letters.
  const full = new Date(Date.UTC(2000, index, 1)).toLocaleString("en", {
    month: "long",
    timeZone: "UTC",
  });
  return full.toLowerCase().startsWith(key) || (index === 8 && key === "sept") ? index + 1 : null;
}

const DAY_MS = 86_400_000;
const SERIAL_MAX = 2_958_465; // 9999-12-31

/** A spreadsheet serial number (Excel's 1900 date system) as a date: serial 1 is 1900-01-01;
 * serial 60 is the 29 February 1900 that system invents (no date); later serials count from
 * 1899-12-30. A fraction (the time of day) is dropped. */
export function serialDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= SERIAL_MAX + 1) return null;
  const whole = Math.floor(serial);
  if (whole === 60) return null;
  const epoch = whole < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return new Date(epoch + whole * DAY_MS).toISOString().slice(0, 10);
}

/** The cell as YYYY-MM-DD, or null when it is empty or not a date Track can read. */
export function parseSheetDate(value: string, order: DayOrder): string | null {
  const text = value.trim().replace(/\s+/g, " ");
  if (!text) return null;
  // ISO, and year first with slashes (2026/10/05); a time after it is ignored.
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/.exec(text);
  if (m) return validIso(Number(m[1]), Number(m[2]), Number(m[3]));
  // A serial number: a date cell without its format.
  if (/^\d{1,7}(?:\.\d+)?$/.test(text)) return serialDate(Number(text));
  // 05/10/2026, 5-10-26, 5.10.2026: in the chosen order (a time after it is ignored).
  m = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?: .*)?$/.exec(text);
  if (m) {
    const [first, second] = [Number(m[1]), Number(m[3])];
    const [day, month] = order === "dmy" ? [first, second] : [second, first];
    return validIso(fullYear(m[4]!), month, day);
  }
  // Oct 5, 2026 / October 5 2026
  m = /^([a-z]+\.?) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/i.exec(text);
  if (m) {
    const month = monthNumber(m[1]!);
    return month ? validIso(Number(m[3]), month, Number(m[2])) : null;
  }
  // 5 Oct 2026 / 5-Oct-2026 / 5 October, 2026 / 5-Oct-26
  m = /^(\d{1,2})(?:st|nd|rd|th)?[ -]([a-z]+\.?),?[ -](\d{4}|\d{2})$/i.exec(text);
  if (m) {
    const month = monthNumber(m[2]!);
    return month ? validIso(fullYear(m[3]!), month, Number(m[1])) : null;
  }
  return null;
}

/** The order the browser's language writes dates in: month first for the United States and a
 * few others that do, day first for the rest. */
export function dayOrderFor(locale: string): DayOrder {
  const sample = new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "numeric",
    year: "numeric",
    timeZone: "UTC",
  })
    .formatToParts(new Date(Date.UTC(2026, 9, 5)))
    .filter((part) => part.type === "day" || part.type === "month")
    .map((part) => part.type);
  return sample[0] === "month" ? "mdy" : "dmy";
}

/** How the mapping step names an order. */
export const DAY_ORDER_LABELS: Record<DayOrder, string> = {
  dmy: "day first (05/10/2026 is 5 October 2026)",
  mdy: "month first (05/10/2026 is May 10, 2026)",
};
