import { useId, useRef, useState } from "react";
import { Link, useLocation, useSearch } from "wouter";
import { todayIso } from "../../../lib/format";
import { useCalendarRange } from "../api/calendarApi";
import {
  addMonths,
  agendaDays,
  gridRange,
  groupByDate,
  KIND_ORDER,
  KINDS,
  longDate,
  monthTitle,
  parseLayout,
  parseMonth,
  type CalendarItem,
  type CalendarLayout,
} from "../model/calendarModel";
import { ItemList } from "./ItemList";
import { MonthGrid } from "./MonthGrid";
import { SubscribeDialog } from "./SubscribeDialog";
import { KindIcon } from "./KindIcon";
import "./calendar.css";

const calendarPath = (month: string, layout: CalendarLayout) =>
  `/calendar?month=${month}${layout === "agenda" ? "&view=agenda" : ""}`;

const LAYOUTS: { value: CalendarLayout; label: string }[] = [
  { value: "month", label: "Month" },
  { value: "agenda", label: "Agenda" },
];

/** `/calendar?month=2026-02`: the month with each day's items as chips, the chosen day's
 * agenda beside it (under it on a phone), month navigation, and the feed subscription;
 * `&view=agenda` shows the month as a list of its days instead. */
export function CalendarView({ now }: { now?: Date } = {}) {
  const today = todayIso(now);
  const search = useSearch();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const month = parseMonth(params.get("month"), today);
  const layout = parseLayout(params.get("view"));
  const dayAgendaRef = useRef<HTMLElement>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const [subscribing, setSubscribing] = useState(false);
  const titleId = useId();
  const dayHeadingId = useId();

  // The chosen day when it is in the month shown, else today (in this month) or the 1st.
  const selected =
    chosen?.slice(0, 7) === month ? chosen : today.slice(0, 7) === month ? today : `${month}-01`;

  const { from, to } = gridRange(month);
  const calendar = useCalendarRange(from, to);
  const byDate = groupByDate(calendar.data?.items ?? []);
  const dayItems = byDate.get(selected) ?? [];

  function select(day: string, fromKeyboard: boolean, reveal = false) {
    setChosen(day);
    if (fromKeyboard) setFocusRequest((n) => n + 1);
    if (day.slice(0, 7) !== month) navigate(calendarPath(day.slice(0, 7), layout));
    // "+N more": on a phone the agenda is under the grid, out of sight.
    if (reveal) dayAgendaRef.current?.scrollIntoView?.({ block: "nearest", behavior: "smooth" });
  }

  function goToMonth(target: string) {
    setChosen(null);
    navigate(calendarPath(target, layout));
  }

  return (
    <section className="calendar-view" aria-labelledby={titleId}>
      <header className="calendar-header">
        <h2 id={titleId} aria-live="polite">
          {monthTitle(month)}
        </h2>
        <div className="calendar-nav">
          <button
            type="button"
            className="button small"
            onClick={() => goToMonth(addMonths(month, -1))}
            aria-label="Previous month"
          >
            ‹ Prev
          </button>
          <button
            type="button"
            className="button small"
            onClick={() => {
              setChosen(today);
              navigate(calendarPath(today.slice(0, 7), layout));
            }}
          >
            Today
          </button>
          <button
            type="button"
            className="button small"
            onClick={() => goToMonth(addMonths(month, 1))}
            aria-label="Next month"
          >
            Next ›
          </button>
          <div className="calendar-layouts" role="group" aria-label="Show as">
            {LAYOUTS.map(({ value, label }) => (
              <button
                key={value}
                type="button"
                className="button small"
                aria-pressed={layout === value}
                onClick={() => navigate(calendarPath(month, value))}
              >
                {label}
              </button>
            ))}
          </div>
          <button type="button" className="button small" onClick={() => setSubscribing(true)}>
            Subscribe
          </button>
        </div>
      </header>
      <ul className="calendar-legend" aria-label="Legend">
        {KIND_ORDER.map((kind) => (
          <li key={kind}>
            <span className="kind-mark" data-kind={kind} aria-hidden="true">
              <KindIcon kind={kind} />
            </span>{" "}
            {KINDS[kind].label}
          </li>
        ))}
      </ul>
      {calendar.isError && (
        <div className="form-error" role="alert">
          <p>Could not load the calendar: {calendar.error.message}</p>
          <button type="button" className="button small" onClick={() => void calendar.refetch()}>
            Try again
          </button>
        </div>
      )}
      {calendar.data?.truncated && <TruncatedNotice items={calendar.data.items} />}
      {layout === "agenda" ? (
        <MonthAgenda
          month={month}
          today={today}
          byDate={byDate}
          pending={calendar.isPending}
          busy={calendar.isFetching}
        />
      ) : (
        <div className="calendar-body" aria-busy={calendar.isFetching || undefined}>
          <MonthGrid
            month={month}
            today={today}
            selected={selected}
            byDate={byDate}
            onSelect={select}
            focusRequest={focusRequest}
            labelledBy={titleId}
          />
          <section className="calendar-day" aria-labelledby={dayHeadingId} ref={dayAgendaRef}>
            <h3 id={dayHeadingId}>{longDate(selected)}</h3>
            {calendar.isPending ? (
              <p role="status">Loading…</p>
            ) : dayItems.length ? (
              <ItemList items={dayItems} />
            ) : (
              <p className="calendar-empty">Nothing on this day.</p>
            )}
          </section>
        </div>
      )}
      <p className="calendar-back">
        <Link href="/">Back to your jobs</Link>
      </p>
      {subscribing && <SubscribeDialog onClose={() => setSubscribing(false)} />}
    </section>
  );
}

/** More steps fall in these weeks than one answer holds: the API sent the earliest, so the
 * days after the last one it sent are said to be incomplete, not shown as empty. */
function TruncatedNotice({ items }: { items: readonly CalendarItem[] }) {
  const last = items.reduce((latest, item) => (item.date > latest ? item.date : latest), "");
  return (
    <p className="calendar-truncated" role="status">
      These weeks hold more steps than the calendar can show at once
      {last ? `: it shows those up to ${longDate(last)}, later days may be missing some.` : "."}
    </p>
  );
}

/** The month as a list: each of its days that holds items, with those items. */
function MonthAgenda({
  month,
  today,
  byDate,
  pending,
  busy,
}: {
  month: string;
  today: string;
  byDate: Map<string, CalendarItem[]>;
  pending: boolean;
  busy: boolean;
}) {
  const days = agendaDays(month, byDate);
  if (pending) return <p role="status">Loading…</p>;
  if (!days.length) return <p className="calendar-empty">Nothing this month.</p>;
  return (
    <ol className="month-agenda" aria-busy={busy || undefined}>
      {days.map((day) => (
        <li key={day} className="agenda-day" data-today={day === today || undefined}>
          <h3>
            {longDate(day)}
            {day === today && <span className="agenda-today"> · Today</span>}
          </h3>
          <ItemList items={byDate.get(day) ?? []} />
        </li>
      ))}
    </ol>
  );
}
