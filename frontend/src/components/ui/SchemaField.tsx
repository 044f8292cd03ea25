/** One input rendered from a generated field spec: its type, label, limits, options, help,
 * the error (client-side or from the server's 422) and a warning that does not block. */
import { useId, type ReactNode } from "react";
import type { FieldSpec } from "../../generated/trackingSchema.js";

export interface SchemaFieldProps {
  field: FieldSpec;
  value: string | undefined;
  onChange: (name: string, value: string) => void;
  onBlur?: (name: string) => void;
  error?: string | null | undefined;
  /** Said beside the field without stopping a save (e.g. a date before the previous step). */
  warning?: ReactNode;
  disabled?: boolean;
  idPrefix?: string;
  /** Values to offer as the user types (a text field's datalist); any text is still accepted. */
  suggestions?: readonly string[];
}

export function SchemaField({
  field,
  value,
  onChange,
  onBlur,
  error,
  warning,
  disabled = false,
  idPrefix,
  suggestions,
}: SchemaFieldProps) {
  const autoId = useId();
  const id = `${idPrefix ?? autoId}-${field.name}`;
  const helpId = field.help ? `${id}-help` : null;
  const warningId = warning ? `${id}-warning` : null;
  const errorId = error ? `${id}-error` : null;
  const describedBy = [helpId, warningId, errorId].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name: field.name,
    value: value ?? "",
    disabled,
    required: field.required || undefined,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
    onBlur: onBlur ? () => onBlur(field.name) : undefined,
  };
  const change = (e: { target: { value: string } }) => onChange(field.name, e.target.value);

  let control: ReactNode;
  switch (field.type) {
    case "textarea":
      control = <textarea {...common} onChange={change} rows={3} maxLength={field.maxLength} />;
      break;
    case "select":
      control = (
        <select {...common} onChange={change}>
          {!field.required && field.default == null && <option value="">—</option>}
          {(field.options ?? []).map((option) => (
            <option key={String(option.value)} value={String(option.value)}>
              {option.label}
            </option>
          ))}
        </select>
      );
      break;
    case "integer":
    case "number":
      control = (
        <input
          {...common}
          onChange={change}
          type="number"
          inputMode={field.type === "integer" ? "numeric" : "decimal"}
          step={field.type === "integer" ? 1 : "any"}
          min={field.minimum}
          max={field.maximum}
        />
      );
      break;
    case "date":
    case "time":
      control = <input {...common} onChange={change} type={field.type} />;
      break;
    case "url":
      control = (
        <input
          {...common}
          onChange={change}
          type="url"
          inputMode="url"
          autoComplete="url"
          maxLength={field.maxLength}
        />
      );
      break;
    default:
      control = (
        <input
          {...common}
          onChange={change}
          type="text"
          maxLength={field.maxLength}
          list={suggestions?.length ? `${id}-suggestions` : undefined}
        />
      );
  }

  return (
    <div className={`field field-${field.type}${error ? " has-error" : ""}`}>
      <label htmlFor={id}>
        {field.label}
        {field.required && <span className="required"> (required)</span>}
      </label>
      {control}
      {suggestions?.length ? (
        <datalist id={`${id}-suggestions`}>
          {suggestions.map((value) => (
            <option key={value} value={value} />
          ))}
        </datalist>
      ) : null}
      {field.help && (
        <p id={helpId ?? undefined} className="field-help">
          {field.help}
        </p>
      )}
      {warning && (
        <p id={warningId ?? undefined} className="field-warning">
          <span aria-hidden="true">⚠ </span>
          {warning}
        </p>
      )}
      {error && (
        <p id={errorId ?? undefined} className="field-error">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </div>
  );
}
