import { TriangleAlert } from "lucide-react";
import { useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { FormActions, useDialogDirty } from "../../../components/ui/Dialog";
import { SchemaField } from "../../../components/ui/SchemaField";
import { ROUNDS, type EventTypeValue } from "../../../generated/trackingSchema.js";
import { fieldErrorMap } from "../../../lib/apiClient";
import type {
  ContactRole,
  EventCreate,
  EventUpdate,
  TrackedJob,
  TrackingEvent,
} from "../../../lib/apiTypes";
import { suggestedNames, useContacts } from "../../../lib/contacts";
import {
  isDirty,
  validate,
  visibleFields,
  type FormErrors,
  type FormValues,
} from "../../../lib/fieldSpecs";
import { todayIso } from "../../../lib/format";
import { useFocusAfterRender } from "../../../lib/useFocusAfterRender";
import { dateWarning, hasRounds } from "../model/eventChecks";
import { eventFormFields, initialValues, toEventBody } from "../model/formModel";
import { nextRound, roundOf } from "../model/stageModel";

/** The note fields that name a person, offered the user's contacts (those of this role first);
 * what is saved stays the text typed or picked. */
const PERSON_FIELDS: Record<string, ContactRole> = {
  referrer_name: "referrer",
  interviewers: "interviewer",
  with_person: "recruiter",
};

/** The fields of one event type, rendered only from the generated specs (STAGE_FIELDS first, then
 * the EVENT_FIELDS that EVENT_FORMS offers or the event holds; `showIf` included). Checks limits and interview rounds before sending, warns
 * about unlikely dates without blocking, and shows a server 422 at the field its `loc` names.
 * Fields stay enabled while saving, so focus never falls out of the form. */
export function EventForm({
  job,
  eventType,
  event = null,
  onSubmit,
  onCancel,
  submitLabel,
  children,
}: {
  job: TrackedJob;
  eventType: EventTypeValue;
  event?: TrackingEvent | null;
  onSubmit: (body: EventCreate | EventUpdate) => Promise<unknown>;
  onCancel: () => void;
  submitLabel: string;
  children?: ReactNode;
}) {
  const [fields] = useState(() => eventFormFields(eventType, event));
  const [initial] = useState<FormValues>(() =>
    initialValues(
      eventType,
      event,
      todayIso(),
      !event && hasRounds(eventType) ? { [ROUNDS.field]: String(nextRound(job)) } : {},
    ),
  );
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const idPrefix = useId();
  const focusAfterRender = useFocusAfterRender();
  const contacts = useContacts();
  useDialogDirty(isDirty(initial, values));

  const shown = visibleFields(fields, values);
  const warning = dateWarning(job, values.event_date ?? "", event?.id ?? null);

  const check = (): Record<string, string> => {
    const found = validate(fields, values);
    // An edit sent without a round keeps the old one: refuse the empty field instead of
    // saving something other than what the form shows.
    const kept = event ? roundOf(event) : null;
    if (kept !== null && hasRounds(eventType) && !(values[ROUNDS.field] ?? "").trim()) {
      found[ROUNDS.field] = `An interview keeps its round: enter one (it is round ${kept}).`;
    }
    return found;
  };

  function focusFirstError(found: FormErrors) {
    const first = shown.find((f) => found[f.name]);
    if (first) {
      focusAfterRender(() => formRef.current?.querySelector<HTMLElement>(`[name="${first.name}"]`));
    }
  }

  function onChange(name: string, value: string) {
    setValues((prev) => ({ ...prev, [name]: value }));
    if (errors[name]) setErrors((prev) => ({ ...prev, [name]: undefined }));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const found = check();
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) {
      focusFirstError(found);
      return;
    }
    setBusy(true);
    try {
      await onSubmit(
        event
          ? toEventBody(eventType, values, "edit", event)
          : toEventBody(eventType, values, "create"),
      );
    } catch (err) {
      const { _form: general, ...atFields } = fieldErrorMap(
        err,
        shown.map((f) => f.name),
      );
      setErrors(atFields);
      if (Object.keys(atFields).length) focusFirstError(atFields);
      setFormError(general ?? (Object.keys(atFields).length ? null : (err as Error).message));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      ref={formRef}
      className="event-form"
      onSubmit={submit}
      noValidate
      aria-busy={busy || undefined}
    >
      {children}
      {formError && (
        <p className="form-error" role="alert">
          <TriangleAlert aria-hidden="true" className="icon" size="1em" />
          {formError}
        </p>
      )}
      <div className="field-grid">
        {shown.map((field) => (
          <SchemaField
            key={field.name}
            idPrefix={idPrefix}
            field={field}
            value={values[field.name]}
            onChange={onChange}
            error={errors[field.name]}
            warning={field.name === "event_date" ? warning : null}
            suggestions={
              PERSON_FIELDS[field.name] && contacts.data
                ? suggestedNames(contacts.data, PERSON_FIELDS[field.name]!)
                : undefined
            }
          />
        ))}
      </div>
      <FormActions onCancel={onCancel} busy={busy} submitLabel={submitLabel} />
    </form>
  );
}
