/** The fields of a contact (name, role, email, phone, LinkedIn, note), for adding one or
 * editing it; a server 422 shows at the field it names. */
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { fieldErrorMap } from "../../lib/apiClient";
import { FormActions } from "../ui/Dialog";
import type { Contact, ContactCreate, ContactRole } from "../../lib/apiTypes";
import { CONTACT_ROLES, ROLE_LABELS } from "../../lib/contacts";

type Values = Record<"name" | "role" | "email" | "phone" | "linkedin_url" | "note", string>;
const FIELDS = ["name", "role", "email", "phone", "linkedin_url", "note"] as const;

const valuesOf = (contact: Partial<Contact> | null): Values => ({
  name: contact?.name ?? "",
  role: contact?.role ?? "other",
  email: contact?.email ?? "",
  phone: contact?.phone ?? "",
  linkedin_url: contact?.linkedin_url ?? "",
  note: contact?.note ?? "",
});

/** The body to send: every field, "" meaning unset (the API stores it as null). */
const toContactBody = (values: Values): ContactCreate => ({
  ...values,
  name: values.name.trim(),
  role: values.role as ContactRole,
});

/** What the browser can check before sending: a name, and addresses that look like ones. */
function check(values: Values): Partial<Values> {
  const errors: Partial<Values> = {};
  if (!values.name.trim()) errors.name = "A name, please.";
  if (values.email.trim() && !/^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/.test(values.email.trim())) {
    errors.email = "An email address such as ada@example.com.";
  }
  if (values.linkedin_url.trim() && !/^https?:\/\/\S+$/i.test(values.linkedin_url.trim())) {
    errors.linkedin_url = "A web address starting with https://";
  }
  return errors;
}

export function ContactForm({
  contact = null,
  initialName = "",
  submitLabel,
  onSubmit,
  onCancel,
  compact = false,
}: {
  contact?: Contact | null;
  initialName?: string;
  submitLabel: string;
  onSubmit: (body: ContactCreate) => Promise<unknown>;
  onCancel: () => void;
  /** Name, role and email only (adding someone inline); the rest is on the contacts page. */
  compact?: boolean;
}) {
  const [values, setValues] = useState<Values>(() => ({
    ...valuesOf(contact),
    ...(contact ? {} : { name: initialName }),
  }));
  const [errors, setErrors] = useState<Partial<Values>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const set = (name: keyof Values) => (e: { target: { value: string } }) => {
    setValues((prev) => ({ ...prev, [name]: e.target.value }));
    setErrors((prev) => ({ ...prev, [name]: undefined }));
  };

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    e.stopPropagation();
    if (busy) return;
    const found = check(values);
    setErrors(found);
    setFormError(null);
    const form = e.currentTarget;
    const first = FIELDS.find((f) => found[f]);
    if (first) {
      form.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    setBusy(true);
    try {
      await onSubmit(toContactBody(values));
    } catch (err) {
      const { _form: general, ...atFields } = fieldErrorMap(err, [...FIELDS]);
      setErrors(atFields);
      setFormError(general ?? (Object.keys(atFields).length ? null : (err as Error).message));
    } finally {
      setBusy(false);
    }
  }

  const field = (name: keyof Values, label: string, input: ReactNode, required = false) => (
    <div className={`field${errors[name] ? " has-error" : ""}`}>
      <label htmlFor={`${id}-${name}`}>
        {label}
        {required && <span className="required"> (required)</span>}
      </label>
      {input}
      {errors[name] && (
        <p id={`${id}-${name}-error`} className="field-error">
          <span aria-hidden="true">⚠ </span>
          {errors[name]}
        </p>
      )}
    </div>
  );
  const props = (name: keyof Values) => ({
    id: `${id}-${name}`,
    name,
    value: values[name],
    onChange: set(name),
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `${id}-${name}-error` : undefined,
  });

  return (
    <form className="contact-form" onSubmit={submit} noValidate aria-busy={busy || undefined}>
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      <div className="field-grid">
        {field("name", "Name", <input {...props("name")} maxLength={200} required />, true)}
        {field(
          "role",
          "Role",
          <select {...props("role")}>
            {CONTACT_ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </select>,
        )}
        {field(
          "email",
          "Email",
          <input {...props("email")} type="email" autoComplete="off" maxLength={320} />,
        )}
        {!compact && (
          <>
            {field("phone", "Phone", <input {...props("phone")} type="tel" maxLength={50} />)}
            {field(
              "linkedin_url",
              "LinkedIn profile",
              <input {...props("linkedin_url")} type="url" inputMode="url" maxLength={2000} />,
            )}
            {field("note", "Note", <textarea {...props("note")} rows={3} maxLength={2000} />)}
          </>
        )}
      </div>
      <FormActions onCancel={onCancel} busy={busy} submitLabel={submitLabel} />
    </form>
  );
}
