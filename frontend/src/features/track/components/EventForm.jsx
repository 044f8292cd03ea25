import { useId, useRef, useState } from "react";
import { SchemaField } from "../../../components/SchemaField.jsx";
import { fieldErrorMap } from "../../../lib/apiClient.js";
import { useFocusAfterRender } from "../../../lib/useFocusAfterRender.js";
import { eventFormFields, initialValues, toEventBody, validate, visibleFields } from "../model/formModel.js";

/** The fields of one event type, rendered only from the generated specs (EVENT_FIELDS and
 * STAGE_FIELDS, `showIf` included). Checks limits before sending; a server 422 is shown at
 * the field its `loc` names. `onSubmit(body)` resolves when saved, or throws the ApiError. */
export function EventForm({ eventType, event = null, onSubmit, onCancel, submitLabel, children }) {
  const fields = eventFormFields(eventType);
  const [values, setValues] = useState(() => initialValues(eventType, event));
  const [errors, setErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef(null);
  const idPrefix = useId();
  const focusAfterRender = useFocusAfterRender();

  const shown = visibleFields(fields, values);

  function focusFirstError(found) {
    const first = shown.find((f) => found[f.name]);
    if (first) focusAfterRender(() => formRef.current?.querySelector(`[name="${first.name}"]`));
  }

  function onChange(name, value) {
    setValues((prev) => ({ ...prev, [name]: value }));
    if (errors[name]) setErrors((prev) => ({ ...prev, [name]: undefined }));
  }

  async function submit(e) {
    e.preventDefault();
    const found = validate(fields, values);
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) {
      focusFirstError(found);
      return;
    }
    setBusy(true);
    try {
      await onSubmit(toEventBody(eventType, values, { mode: event ? "edit" : "create" }));
    } catch (err) {
      const byField = fieldErrorMap(err, shown.map((f) => f.name));
      const { _form: general, ...atFields } = byField;
      setErrors(atFields);
      if (Object.keys(atFields).length) focusFirstError(atFields);
      setFormError(Object.keys(atFields).length ? general ?? null : general ?? err.message);
      setBusy(false);
    }
  }

  return (
    <form ref={formRef} className="event-form" onSubmit={submit} noValidate>
      {children}
      {formError && (
        <p className="form-error" role="alert">
          <span aria-hidden="true">⚠ </span>
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
            disabled={busy}
          />
        ))}
      </div>
      <div className="modal-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? "Saving…" : submitLabel}
        </button>
      </div>
    </form>
  );
}
