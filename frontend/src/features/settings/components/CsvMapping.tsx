import { ArrowRight } from "lucide-react";
import { useId, useState } from "react";
import {
  CSV_FIELDS,
  IMPORT_STAGES,
  distinctStatuses,
  guessMapping,
  guessStatusMap,
  type ColumnMapping,
  type StageChoice,
} from "../model/csvImport";
import { STAGE_LABELS } from "../../../generated/trackingSchema.js";
import type { CsvChoices, Step } from "../model/importSteps";
import { DAY_ORDER_LABELS, dayOrderFor, type DayOrder } from "../model/sheetDates";

const browserLocale = () =>
  typeof navigator !== "undefined" && navigator.language ? navigator.language : "en-US";

/** A CSV's columns mapped to a job's fields (guessed from the headers), how its dates are
 * written (day or month first, preselected from the browser's language), then each status word
 * to a stage (guessed from the word), before the dry run. */
export function CsvMapping({
  step,
  busy,
  onCancel,
  onPreview,
}: {
  step: Extract<Step, { name: "map" }>;
  busy: boolean;
  onCancel: () => void;
  onPreview: (csv: CsvChoices) => void;
}) {
  const formId = useId();
  const [mapping, setMapping] = useState<ColumnMapping>(() => guessMapping(step.headers));
  const [locale] = useState(browserLocale);
  const [dayOrder, setDayOrder] = useState<DayOrder>(() => dayOrderFor(locale));
  const words = distinctStatuses(step.rows, mapping.status);
  const [statusMap, setStatusMap] = useState<Record<string, StageChoice>>({});
  const choiceFor = (word: string) => statusMap[word] ?? guessStatusMap([word])[word]!;
  const missing = CSV_FIELDS.filter((f) => f.required && !mapping[f.key]);

  return (
    <form
      className="csv-mapping"
      onSubmit={(event) => {
        event.preventDefault();
        if (missing.length || busy) return;
        const map = Object.fromEntries(words.map((w) => [w, choiceFor(w)]));
        onPreview({ rows: step.rows, mapping, statusMap: map, dayOrder, dateChoices: {} });
      }}
    >
      <p>
        <strong>{step.fileName}</strong>: {step.rows.length}{" "}
        {step.rows.length === 1 ? "row" : "rows"}, {step.headers.length} columns.
      </p>
      <fieldset>
        <legend>1. Which column holds what?</legend>
        <div className="mapping-grid">
          {CSV_FIELDS.map((field) => (
            <div key={field.key} className="mapping-field">
              <label htmlFor={`${formId}-field-${field.key}`}>
                {field.label}
                {field.required ? " (required)" : ""}
              </label>
              <select
                id={`${formId}-field-${field.key}`}
                value={mapping[field.key]}
                onChange={(e) => setMapping({ ...mapping, [field.key]: e.target.value })}
              >
                <option value="">— not in this file —</option>
                {step.headers.map((h) => (
                  <option key={h} value={h}>
                    {h}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </div>
      </fieldset>
      {mapping.applied && (
        <fieldset>
          <legend>How are dates like 05/10/2026 written?</legend>
          <div className="mapping-field">
            <label htmlFor={`${formId}-day-order`}>Dates in “{mapping.applied}”</label>
            <select
              id={`${formId}-day-order`}
              value={dayOrder}
              onChange={(e) => setDayOrder(e.target.value as DayOrder)}
            >
              {(Object.keys(DAY_ORDER_LABELS) as DayOrder[]).map((order) => (
                <option key={order} value={order}>
                  {DAY_ORDER_LABELS[order]}
                </option>
              ))}
            </select>
          </div>
          <p className="muted" role="note">
            {dayOrder === dayOrderFor(locale)
              ? `Chosen from your browser’s language (${locale}): ${DAY_ORDER_LABELS[dayOrder].split(" (")[0]}.`
              : `You chose ${DAY_ORDER_LABELS[dayOrder].split(" (")[0]}.`}{" "}
            Dates such as 2026-10-05, Oct 5 2026 and spreadsheet date numbers are read either way.
          </p>
        </fieldset>
      )}
      {mapping.status ? (
        <fieldset>
          <legend>2. What does each status mean?</legend>
          <div className="mapping-grid">
            {words.map((word, index) => {
              const choice = choiceFor(word);
              return (
                <div key={word} className="mapping-field">
                  <label htmlFor={`${formId}-status-${index}`}>
                    “{word || "(empty)"}”<span className="visually-hidden"> means</span>{" "}
                    <ArrowRight size={14} aria-hidden="true" />
                  </label>
                  <select
                    id={`${formId}-status-${index}`}
                    value={choice.stage}
                    onChange={(e) => {
                      const stage = e.target.value as StageChoice["stage"];
                      setStatusMap({
                        ...statusMap,
                        [word]:
                          stage === "rejected"
                            ? { stage, reason: word.trim().toLowerCase() || undefined }
                            : { stage },
                      });
                    }}
                  >
                    {IMPORT_STAGES.map((s) => (
                      <option key={s} value={s}>
                        {STAGE_LABELS[s]}
                      </option>
                    ))}
                  </select>
                </div>
              );
            })}
          </div>
        </fieldset>
      ) : (
        <p className="muted">No status column: every job is imported as applied.</p>
      )}
      {missing.length > 0 && (
        <p className="form-error" role="alert">
          Choose the column for {missing.map((f) => f.label.toLowerCase()).join(" and ")}.
        </p>
      )}
      <div className="form-actions">
        <button
          type="submit"
          className="button primary"
          aria-disabled={busy || missing.length > 0 || undefined}
        >
          Check the import
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
