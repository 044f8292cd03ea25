/** Forms built from the generated field specs: initial values, client-side limits, and the
 * request body. Values are kept as strings while editing, as inputs hold them. */
import { EVENT_FIELDS, STAGE_FIELDS, isFieldVisible } from "../../../generated/trackingSchema.js";

export const noteFields = (eventType) => STAGE_FIELDS[eventType] ?? [];
export const eventFormFields = (eventType) => [...EVENT_FIELDS, ...noteFields(eventType)];
const EVENT_FIELD_NAMES = new Set(EVENT_FIELDS.map((f) => f.name));

export function todayIso(now = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const asInput = (value) => (value === null || value === undefined ? "" : String(value));

export function initialValues(eventType, event = null, today = todayIso()) {
  const values = {};
  for (const field of EVENT_FIELDS) {
    const stored = event ? event[field.name] : field.name === "event_date" ? today : field.default;
    values[field.name] = asInput(stored);
  }
  for (const field of noteFields(eventType)) {
    const stored = event ? event.note?.[field.name] : undefined;
    values[field.name] = asInput(stored === undefined ? field.default : stored);
  }
  return values;
}

/** The typed value of an input string, or null when empty. */
export function parseValue(field, raw) {
  const text = typeof raw === "string" ? raw : asInput(raw);
  if (text.trim() === "") return null;
  if (field.type === "integer") return Number(text);
  if (field.type === "number") return Number(text);
  if (field.type === "select") {
    const option = (field.options ?? []).find((o) => String(o.value) === text);
    return option ? option.value : text;
  }
  return text;
}

export const visibleFields = (fields, values) => fields.filter((f) => isFieldVisible(f, parsedValues(fields, values)));

function parsedValues(fields, values) {
  const parsed = {};
  for (const field of fields) {
    const value = parseValue(field, values[field.name]);
    if (value !== null) parsed[field.name] = value;
  }
  return parsed;
}

/** The client-side check of each visible field against its spec: {name: message}. */
export function validate(fields, values) {
  const errors = {};
  for (const field of visibleFields(fields, values)) {
    const raw = asInput(values[field.name]);
    const empty = raw.trim() === "";
    if (empty) {
      if (field.required) errors[field.name] = `${field.label} is required.`;
      continue;
    }
    if (field.maxLength != null && raw.length > field.maxLength) {
      errors[field.name] = `${field.label} can be at most ${field.maxLength} characters (now ${raw.length}).`;
    } else if (field.type === "integer" || field.type === "number") {
      const n = Number(raw);
      if (!Number.isFinite(n) || (field.type === "integer" && !Number.isInteger(n))) {
        errors[field.name] = `${field.label} must be a whole number.`;
      } else if (field.minimum != null && n < field.minimum) {
        errors[field.name] = `${field.label} must be at least ${field.minimum}.`;
      } else if (field.maximum != null && n > field.maximum) {
        errors[field.name] = `${field.label} must be at most ${field.maximum}.`;
      }
    } else if (field.type === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
      errors[field.name] = `${field.label} must be a date (YYYY-MM-DD).`;
    } else if (field.type === "time" && !/^\d{2}:\d{2}(:\d{2})?$/.test(raw)) {
      errors[field.name] = `${field.label} must be a time (HH:MM).`;
    } else if (field.type === "select" && !(field.options ?? []).some((o) => String(o.value) === raw)) {
      errors[field.name] = `Choose one of the options for ${field.label}.`;
    }
  }
  return errors;
}

/** The request body: event fields at the top, visible non-empty note fields in `note`.
 * An edit sends empty optional event fields as null (to clear them) and the note whole. */
export function toEventBody(eventType, values, { mode = "create" } = {}) {
  const fields = eventFormFields(eventType);
  const body = mode === "create" ? { event_type: eventType } : {};
  const note = {};
  for (const field of visibleFields(fields, values)) {
    const value = parseValue(field, values[field.name]);
    if (EVENT_FIELD_NAMES.has(field.name)) {
      if (value !== null || mode === "edit") body[field.name] = value;
    } else if (value !== null) {
      note[field.name] = value;
    }
  }
  body.note = note;
  return body;
}

/** A completed card's summary: the note's visible, filled-in fields, short ones first. */
export function summarise(event) {
  const fields = noteFields(event.event_type);
  const values = event.note ?? {};
  const shown = fields.filter((f) => isFieldVisible(f, values) && values[f.name] != null && values[f.name] !== "");
  shown.sort((a, b) => (a.type === "textarea") - (b.type === "textarea"));
  return shown.map((field) => {
    let value = values[field.name];
    if (field.type === "select") {
      value = (field.options ?? []).find((o) => o.value === value)?.label ?? value;
    } else if (field.type === "date") {
      value = formatDate(value);
    }
    value = String(value);
    if (value.length > 140) value = `${value.slice(0, 139)}…`;
    return { name: field.name, label: field.label, value };
  });
}

export function formatDate(iso) {
  if (!iso || !/^\d{4}-\d{2}-\d{2}/.test(iso)) return iso ?? "";
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  return date.toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

export function formatDateTime(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
}
