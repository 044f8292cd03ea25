import { useEffect, useRef, type KeyboardEvent } from "react";
import {
  addDays,
  dayChips,
  describeCounts,
  isMuted,
  itemKind,
  longDate,
  monthGrid,
  shiftMonthKeepDay,
  weekdayNames,
  type CalendarItem,
} from "../model/calendarModel";
import { KindIcon } from "./KindIcon";

const weekdays = weekdayNames();

/** A day's items as chips (time, kind, company; a phone shows the kind's shape only), and
 * "+N more" when they do not fit. Hidden from screen readers: the day's name counts them, and
 * the day's agenda reads them out. */
function DayChips({ items }: { items: readonly CalendarItem[] }) {
  const { shown, more } = dayChips(items);
  return (
    <span className="day-chips" aria-hidden="true">
      {shown.map((item) => {
        const kind = itemKind(item);
        return (
          <span
            key={`${item.kind}-${item.event_id}`}
            className="day-chip"
            data-kind={kind}
            data-muted={isMuted(item) || undefined}
            title={[item.time, `${item.label} · ${item.company}`].filter(Boolean).join(" ")}
          >
            {item.time && <span className="chip-time">{item.time}</span>}
            <span className="kind-mark" data-kind={kind}>
              <KindIcon kind={kind} size={10} />
            </span>
            <span className="chip-company">{item.company}</span>
          </span>
        );
      })}
      {more > 0 && (
        <span className="day-more" data-more="">
          +{more}
          <span className="more-word"> more</span>
        </span>
      )}
    </span>
  );
}

/** The month as a WAI-ARIA grid of days: one tab stop (the selected day); arrow keys move by a
 * day or a week, Home/End to the week's ends, PageUp/PageDown by a month (with Shift, a year).
 * A move out of the month changes the month (`onSelect` is told; the parent owns the month).
 * A click on "+N more" asks for the day's agenda to be brought into view (`reveal`). */
export function MonthGrid({
  month,
  today,
  selected,
  byDate,
  onSelect,
  focusRequest,
  labelledBy,
}: {
  month: string;
  today: string;
  selected: string;
  byDate: Map<string, CalendarItem[]>;
  onSelect: (day: string, fromKeyboard: boolean, reveal?: boolean) => void;
  /** Changes when the selected day should take focus (after a keyboard move). */
  focusRequest: number;
  labelledBy: string;
}) {
  const gridRef = useRef<HTMLTableElement>(null);
  useEffect(() => {
    if (!focusRequest) return;
    gridRef.current?.querySelector<HTMLElement>(`[data-day="${selected}"]`)?.focus();
  }, [focusRequest, selected, month]);

  function onKeyDown(event: KeyboardEvent<HTMLTableElement>) {
    const weekday = (new Date(`${selected}T00:00:00Z`).getUTCDay() + 6) % 7;
    const moves: Record<string, () => string> = {
      ArrowLeft: () => addDays(selected, -1),
      ArrowRight: () => addDays(selected, 1),
      ArrowUp: () => addDays(selected, -7),
      ArrowDown: () => addDays(selected, 7),
      Home: () => addDays(selected, -weekday),
      End: () => addDays(selected, 6 - weekday),
      PageUp: () => shiftMonthKeepDay(selected, event.shiftKey ? -12 : -1),
      PageDown: () => shiftMonthKeepDay(selected, event.shiftKey ? 12 : 1),
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    onSelect(move(), true);
  }

  return (
    <table
      role="grid"
      className="month-grid"
      aria-labelledby={labelledBy}
      ref={gridRef}
      onKeyDown={onKeyDown}
    >
      <thead>
        <tr>
          {weekdays.map((d) => (
            <th key={d.long} scope="col" abbr={d.long}>
              {d.short}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {monthGrid(month).map((week) => (
          <tr key={week[0]}>
            {week.map((day) => {
              const items = byDate.get(day) ?? [];
              const outside = day.slice(0, 7) !== month;
              const isSelected = day === selected;
              const counts = describeCounts(items);
              return (
                <td
                  key={day}
                  role="gridcell"
                  aria-selected={isSelected}
                  data-outside={outside || undefined}
                >
                  <button
                    type="button"
                    className="day"
                    data-day={day}
                    tabIndex={isSelected ? 0 : -1}
                    aria-current={day === today ? "date" : undefined}
                    aria-label={`${longDate(day)}${day === today ? ", today" : ""}${counts ? `, ${counts}` : ""}`}
                    onClick={(event) =>
                      onSelect(
                        day,
                        false,
                        (event.target as Element).closest("[data-more]") !== null,
                      )
                    }
                  >
                    <span className="day-number">{Number(day.slice(8, 10))}</span>
                    {items.length > 0 && <DayChips items={items} />}
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
