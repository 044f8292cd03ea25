import { useId } from "react";

/** One input rendered from a generated field spec: its type, label, limits, options, help,
 * and the error (client-side or from the server's 422) shown beside it. */
export function SchemaField({ field, value, onChange, onBlur, error, disabled = false, idPrefix }) {
  const autoId = useId();
  const id = `${idPrefix ?? autoId}-${field.name}`;
  const helpId = field.help ? `${id}-help` : null;
  const errorId = error ? `${id}-error` : null;
  const describedBy = [helpId, errorId].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name: field.name,
    value: value ?? "",
    disabled,
    required: field.required || undefined,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
    onChange: (e) => onChange(field.name, e.target.value),
    onBlur: onBlur ? () => onBlur(field.name) : undefined,
  };

  let control;
  switch (field.type) {
    case "textarea":
      control = <textarea {...common} rows={3} maxLength={field.maxLength} />;
      break;
    case "select":
      control = (
        <select {...common}>
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
          type="number"
          inputMode={field.type === "integer" ? "numeric" : "decimal"}
          step={field.type === "integer" ? 1 : "any"}
          min={field.minimum}
          max={field.maximum}
        />
      );
      break;
    case "date":
      control = <input {...common} type="date" />;
      break;
    case "time":
      control = <input {...common} type="time" />;
      break;
    default:
      control = <input {...common} type="text" maxLength={field.maxLength} />;
  }

  return (
    <div className={`field field-${field.type}${error ? " has-error" : ""}`}>
      <label htmlFor={id}>
        {field.label}
        {field.required && <span className="required"> (required)</span>}
      </label>
      {control}
      {field.help && (
        <p id={helpId} className="field-help">
          {field.help}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </div>
  );
}
