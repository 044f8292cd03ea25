import { useId, useState } from "react";
import type { DateChoices, UndatedRow } from "../model/csvImport";

/** The rows whose date is empty or unreadable: the person picks each one's date or leaves the
 * row out. Today is never filled in for them. */
export function UndatedRows({
  rows,
  onDates,
}: {
  rows: readonly UndatedRow[];
  onDates: (choices: DateChoices) => void;
}) {
  const formId = useId();
  const [dates, setDates] = useState<Record<number, string>>({});
  const [leftOut, setLeftOut] = useState<Record<number, boolean>>({});
  const [all, setAll] = useState("");
  const open = rows.filter((r) => !leftOut[r.row] && !dates[r.row]);
  return (
    <form
      className="undated-rows"
      onSubmit={(event) => {
        event.preventDefault();
        if (open.length) return;
        onDates(
          Object.fromEntries(rows.map((r) => [r.row, leftOut[r.row] ? null : dates[r.row]!])),
        );
      }}
    >
      <h5>
        {rows.length} {rows.length === 1 ? "row has" : "rows have"} no date Track can read
      </h5>
      <p>Pick the day you applied, or leave the row out. Nothing is dated today in their place.</p>
      {rows.length > 1 && (
        <p className="undated-all">
          <label htmlFor={`${formId}-all`}>One date for every row below</label>
          <input
            id={`${formId}-all`}
            type="date"
            value={all}
            onChange={(e) => {
              setAll(e.target.value);
              if (e.target.value) {
                setDates(Object.fromEntries(rows.map((r) => [r.row, e.target.value])));
              }
            }}
          />
        </p>
      )}
      <ul>
        {rows.map((r) => (
          <li key={r.row} className="undated-row">
            <label htmlFor={`${formId}-${r.row}`}>
              Row {r.row}: {r.company}, {r.title} ({r.raw ? `“${r.raw}”` : "no date"})
            </label>
            <input
              id={`${formId}-${r.row}`}
              type="date"
              value={dates[r.row] ?? ""}
              disabled={leftOut[r.row]}
              onChange={(e) => setDates({ ...dates, [r.row]: e.target.value })}
            />
            <label className="undated-leave-out">
              <input
                type="checkbox"
                checked={leftOut[r.row] ?? false}
                onChange={(e) => setLeftOut({ ...leftOut, [r.row]: e.target.checked })}
              />
              Leave row {r.row} out
            </label>
          </li>
        ))}
      </ul>
      <div className="form-actions">
        <button type="submit" className="button" aria-disabled={open.length > 0 || undefined}>
          Use these dates
        </button>
        {open.length > 0 && (
          <span className="muted">
            {open.length} {open.length === 1 ? "row needs" : "rows need"} a date or to be left out.
          </span>
        )}
      </div>
    </form>
  );
}
