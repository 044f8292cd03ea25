/** Forms built from the generated field specs (trackingSchema's FieldSpec): values are kept as
 * the strings inputs hold, checked against each spec's limits before anything is sent, and
 * parsed into the typed values the API takes. */
import { isFieldVisible, type FieldSpec, type FieldValue } from "../generated/trackingSchema.js";

export type FormValues = Record<string, string>;
export type FormErrors = Record<string, string | undefined>;

export const asInput = (value: unknown): string =>
  typeof value === "string"
    ? value
    : typeof value === "number" || typeof value === "boolean"
      ? String(value)
      : "";

const WEB_ADDRESS = /^https?:\/\/\S+$/i;

/** A web address typed without its scheme ("careers.acme.com/jobs/42", "//acme.com/x") with
 * `https://` added; null when it has a scheme, is empty, or does not look like an address (no
 * dot in the host, or spaces: the usual check then says what is wrong). */
function withScheme(raw: string): string | null {
  const text = raw.trim();
  if (/^\/\/[^\s/]+\.\S+$/.test(text)) return `https:${text}`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return null;
  return /^[^\s/:@]+\.[a-z]{2,}(:\d+)?([/?#]\S*)?$/i.test(text) ? `https://${text}` : null;
}

/** The values with `https://` added to each url field typed without a scheme, and the names
 * of the fields it was added to (the form says so). */
export function addSchemes(
  fields: readonly FieldSpec[],
  values: FormValues,
): { values: FormValues; added: string[] } {
  const added: string[] = [];
  const next = { ...values };
  for (const field of fields) {
    if (field.type !== "url") continue;
    const fixed = withScheme(asInput(values[field.name]));
    if (fixed === null) continue;
    next[field.name] = fixed;
    added.push(field.name);
  }
  return { values: added.length ? next : values, added };
}

/** Said under a url field once `https://` was added to it. */
export const SCHEME_ADDED = "https:// added to the address; check it opens the posting.";

/** The typed value of an input string, or null when empty. */
export function parseValue(field: FieldSpec, raw: unknown): FieldValue {
  const text = asInput(raw);
  if (text.trim() === "") return null;
  if (field.type === "integer" || field.type === "number") return Number(text);
  if (field.type === "select") {
    const option = (field.options ?? []).find((o) => String(o.value) === text);
    return option ? option.value : text;
  }
  return text;
}

function parsedValues(fields: readonly FieldSpec[], values: FormValues) {
  const parsed: Record<string, FieldValue> = {};
  for (const field of fields) {
    const value = parseValue(field, values[field.name]);
    if (value !== null) parsed[field.name] = value;
  }
  return parsed;
}

export const visibleFields = (fields: readonly FieldSpec[], values: FormValues) =>
  fields.filter((f) => isFieldVisible(f, parsedValues(fields, values)));

/** The check of each visible field against its spec: {name: message}. With `trim`, values are
 * measured as the API stores them (the job's own fields are trimmed by the server). */
export function validate(
  fields: readonly FieldSpec[],
  values: FormValues,
  { trim = false }: { trim?: boolean } = {},
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of visibleFields(fields, values)) {
    const raw = trim ? asInput(values[field.name]).trim() : asInput(values[field.name]);
    if (raw.trim() === "") {
      if (field.required) errors[field.name] = `${field.label} is required.`;
      continue;
    }
    const n = Number(raw);
    let problem: string | null = null;
    if (field.maxLength != null && raw.length > field.maxLength) {
      problem = `${field.label} can be at most ${field.maxLength} characters (now ${raw.length}).`;
    } else if (field.minLength != null && raw.length < field.minLength) {
      problem = `${field.label} must be at least ${field.minLength} characters.`;
    } else if (field.type === "integer" || field.type === "number") {
      if (!Number.isFinite(n) || (field.type === "integer" && !Number.isInteger(n))) {
        problem = `${field.label} must be a whole number.`;
      } else if (field.minimum != null && n < field.minimum) {
        problem = `${field.label} must be at least ${field.minimum}.`;
      } else if (field.maximum != null && n > field.maximum) {
        problem = `${field.label} must be at most ${field.maximum}.`;
      }
    } else if (field.type === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
      problem = `${field.label} must be a date (YYYY-MM-DD).`;
    } else if (field.type === "time" && !/^\d{2}:\d{2}(:\d{2})?$/.test(raw)) {
      problem = `${field.label} must be a time (HH:MM).`;
    } else if (field.type === "url" && !WEB_ADDRESS.test(raw)) {
      problem = "Use a full web address starting with http:// or https://.";
    } else if (
      field.type === "select" &&
      !(field.options ?? []).some((o) => String(o.value) === raw)
    ) {
      problem = `Choose one of the options for ${field.label}.`;
    }
    if (problem) errors[field.name] = problem;
  }
  return errors;
}

/** Whether any field differs from where the form started. */
export const isDirty = (initial: FormValues, values: FormValues) =>
  Object.keys(values).some((name) => (values[name] ?? "") !== (initial[name] ?? ""));
