/** Event forms built from the generated field specs (EVENT_FIELDS and STAGE_FIELDS): initial
 * values, the request body, and the summary a completed card shows. */
import {
  EVENT_FIELDS,
  STAGE_FIELDS,
  isFieldVisible,
  type EventTypeValue,
  type FieldValue,
} from "../../../generated/trackingSchema.js";
import type { EventCreate, EventUpdate, TrackingEvent } from "../../../lib/apiTypes";
import { asInput, parseValue, visibleFields, type FormValues } from "../../../lib/fieldSpecs";
import { formatDate, todayIso } from "../../../lib/format";

export const noteFields = (eventType: EventTypeValue) => STAGE_FIELDS[eventType];
export const eventFormFields = (eventType: EventTypeValue) => [
  ...EVENT_FIELDS,
  ...noteFields(eventType),
];
const EVENT_FIELD_NAMES = new Set(EVENT_FIELDS.map((f) => f.name));

/** A new event starts today with each field's default (and `suggested` values, such as the next
 * interview round); an edit starts from the event. */
export function initialValues(
  eventType: EventTypeValue,
  event: TrackingEvent | null = null,
  today = todayIso(),
  suggested: Record<string, string> = {},
): FormValues {
  const values: FormValues = {};
  for (const field of EVENT_FIELDS) {
    const stored: unknown = event
      ? event[field.name as keyof TrackingEvent]
      : field.name === "event_date"
        ? today
        : field.default;
    values[field.name] = asInput(stored);
  }
  for (const field of noteFields(eventType)) {
    const stored = event ? event.note?.[field.name] : undefined;
    values[field.name] = asInput(stored === undefined ? field.default : stored);
    if (!event && suggested[field.name] !== undefined) values[field.name] = suggested[field.name]!;
  }
  return values;
}

/** The request body: event fields at the top, visible non-empty note fields in `note`.
 * An edit sends empty optional event fields as null (to clear them) and the note whole. */
export function toEventBody(
  eventType: EventTypeValue,
  values: FormValues,
  mode: "create",
): EventCreate;
export function toEventBody(
  eventType: EventTypeValue,
  values: FormValues,
  mode: "edit",
): EventUpdate;
export function toEventBody(
  eventType: EventTypeValue,
  values: FormValues,
  mode: "create" | "edit",
): EventCreate | EventUpdate {
  const body: Record<string, unknown> = mode === "create" ? { event_type: eventType } : {};
  const note: Record<string, FieldValue> = {};
  for (const field of visibleFields(eventFormFields(eventType), values)) {
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

export interface SummaryItem {
  name: string;
  label: string;
  value: string;
}

/** A completed card's summary: the note's visible, filled-in fields, short ones first. */
export function summarise(event: TrackingEvent): SummaryItem[] {
  const values = event.note ?? {};
  const shown = noteFields(event.event_type).filter(
    (f) => isFieldVisible(f, values) && values[f.name] != null && values[f.name] !== "",
  );
  shown.sort((a, b) => Number(a.type === "textarea") - Number(b.type === "textarea"));
  return shown.map((field) => {
    let value = asInput(values[field.name]);
    if (field.type === "select") {
      value = (field.options ?? []).find((o) => String(o.value) === value)?.label ?? value;
    } else if (field.type === "date") {
      value = formatDate(value);
    }
    if (value.length > 140) value = `${value.slice(0, 139)}…`;
    return { name: field.name, label: field.label, value };
  });
}
