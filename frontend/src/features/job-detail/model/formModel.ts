/** Event forms built from the generated specs: the stage's own fields (STAGE_FIELDS, the free-text
 * note last), then the date labelled as EVENT_FORMS says, then time and location only where
 * EVENT_FORMS offers them or the edited event already holds them (stored data is never hidden).
 * Also the request body, and the event's details in words for the timeline. */
import {
  EVENT_FIELDS,
  EVENT_FORMS,
  STAGE_FIELDS,
  isFieldVisible,
  type EventTypeValue,
  type FieldSpec,
  type FieldValue,
} from "../../../generated/trackingSchema.js";
import type { EventCreate, EventUpdate, TrackingEvent } from "../../../lib/apiTypes";
import { asInput, parseValue, visibleFields, type FormValues } from "../../../lib/fieldSpecs";
import { formatDate, todayIso } from "../../../lib/format";
import { roundOf } from "./stageModel";

const noteFields = (eventType: EventTypeValue) => STAGE_FIELDS[eventType];
const EVENT_FIELD_NAMES = new Set(EVENT_FIELDS.map((f) => f.name));

const hasStored = (event: TrackingEvent | null, name: string) => {
  const value = event?.[name as keyof TrackingEvent];
  return value != null && value !== "";
};

/** The event-level fields this form shows, in EVENT_FIELDS order (the date first). */
function eventFields(eventType: EventTypeValue, event: TrackingEvent | null): FieldSpec[] {
  const form = EVENT_FORMS[eventType];
  const fields: FieldSpec[] = [];
  for (const field of EVENT_FIELDS) {
    if (field.name === "event_date") fields.push({ ...field, label: form.date_label });
    else if (field.name === "event_time" || field.name === "location") {
      if (form[field.name] || hasStored(event, field.name)) fields.push(field);
    } else fields.push(field);
  }
  return fields;
}

/** Every field of the form, in form order: the stage's own fields, then date, time, location. */
export const eventFormFields = (eventType: EventTypeValue, event: TrackingEvent | null = null) => [
  ...noteFields(eventType),
  ...eventFields(eventType, event),
];

/** The heading of the form: EVENT_FORMS' title, or its edit title with the round when there is one. */
export function formTitle(eventType: EventTypeValue, event: TrackingEvent | null = null): string {
  const form = EVENT_FORMS[eventType];
  if (!event) return form.title;
  const round = roundOf(event);
  return round === null ? form.edit_title : `${form.edit_title} round ${round}`;
}

/** A new event starts today with each field's default (and `suggested` values, such as the next
 * interview round); an edit starts from the event. */
export function initialValues(
  eventType: EventTypeValue,
  event: TrackingEvent | null = null,
  today = todayIso(),
  suggested: Record<string, string> = {},
): FormValues {
  const values: FormValues = {};
  for (const field of eventFields(eventType, event)) {
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
 * An edit sends the shown event fields (empty ones as null, to clear them) and the note whole;
 * an inferred step's unchanged date is left out, so its date stays unknown. */
export function toEventBody(
  eventType: EventTypeValue,
  values: FormValues,
  mode: "create",
): EventCreate;
export function toEventBody(
  eventType: EventTypeValue,
  values: FormValues,
  mode: "edit",
  event: TrackingEvent | null,
): EventUpdate;
export function toEventBody(
  eventType: EventTypeValue,
  values: FormValues,
  mode: "create" | "edit",
  event: TrackingEvent | null = null,
): EventCreate | EventUpdate {
  const body: Record<string, unknown> = mode === "create" ? { event_type: eventType } : {};
  const note: Record<string, FieldValue> = {};
  for (const field of visibleFields(eventFormFields(eventType, event), values)) {
    const value = parseValue(field, values[field.name]);
    if (EVENT_FIELD_NAMES.has(field.name)) {
      // An inferred step's date left as it is stays unknown: only a date the person set is
      // sent (the server then records the step as dated).
      if (field.name === "event_date" && event?.inferred && value === event.event_date) continue;
      if (value !== null || mode === "edit") body[field.name] = value;
    } else if (value !== null) {
      note[field.name] = value;
    }
  }
  body.note = note;
  return body;
}

/** How a short field reads in a sentence ("with Sam"); any other field reads "Label: value",
 * so a field added to a note model shows up without an edit here. */
const PHRASES: Record<string, (value: string) => string> = {
  referrer_name: (v) => `from ${v}`,
  with_person: (v) => `with ${v}`,
  interviewers: (v) => `with ${v}`,
  // A reason is read as it was written: "Position filled · Went with another candidate".
  reason: (v) => v,
};

export interface EventDetails {
  /** Short fields in words, to join with " · ": "Referral from Dana", "Round 2 · Video". */
  facts: string[];
  /** Long text (notes, what a referrer said), each with its label. */
  texts: { name: string; label: string; value: string }[];
}

/** The event's note in words: selects by their option label, numbers and dates with their label,
 * long text apart. `skip` leaves out fields already said elsewhere (the round in the name). */
export function describe(event: TrackingEvent, skip: readonly string[] = []): EventDetails {
  const values = event.note ?? {};
  const details: EventDetails = { facts: [], texts: [] };
  for (const field of noteFields(event.event_type)) {
    const raw = values[field.name];
    if (skip.includes(field.name) || raw == null || raw === "") continue;
    if (!isFieldVisible(field, values)) continue;
    const value = asInput(raw);
    if (field.type === "textarea") {
      details.texts.push({ name: field.name, label: field.label, value });
    } else if (field.type === "select") {
      const label = (field.options ?? []).find((o) => String(o.value) === value)?.label ?? value;
      details.facts.push(label);
    } else if (field.type === "integer" || field.type === "number") {
      details.facts.push(`${field.label} ${value}`);
    } else if (field.type === "date") {
      details.facts.push(`${field.label} ${formatDate(value)}`);
    } else {
      const phrase = PHRASES[field.name];
      const text = phrase ? phrase(value) : `${field.label}: ${value}`;
      // "Referral" then "from Dana" read as one phrase: "Referral from Dana".
      const last = details.facts.length - 1;
      if (phrase && field.name === "referrer_name" && last >= 0)
        details.facts[last] = `${details.facts[last]} ${text}`;
      else details.facts.push(text);
    }
  }
  return details;
}
