import { useId, useState } from "react";
import { Link, useLocation, useSearch } from "wouter";
import { todayIso } from "../../../lib/format";
import { useCalendarRange } from "../api/calendarApi";
import {
  addMonths,
  gridRange,
  groupByDate,
  KIND_ORDER,
  KINDS,
  longDate,
  monthTitle,
  parseMonth,
} from "../model/calendarModel";
import { ItemList } from "./ItemList";
import { MonthGrid } from "./MonthGrid";
import { SubscribeDialog } from "./SubscribeDialog";
import { KindIcon } from "./KindIcon";
import "./calendar.css";

const calendarPath = (month: string) => `/calendar?month=${month}`;

/** `/calendar?month=2026-02`: the month with a mark per day and kind, the chosen day's items
 * beside it (under it on a phone), month navigation, and the feed subscription. */
export function CalendarView({ now }: { now?: Date } = {}) {
  const today = todayIso(now);
  const search = useSearch();
  const [, navigate] = useLocation();
  const month = parseMonth(new URLSearchParams(search).get("month"), today);
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

  function select(day: string, fromKeyboard: boolean) {
    setChosen(day);
    if (fromKeyboard) setFocusRequest((n) => n + 1);
    if (day.slice(0, 7) !== month) navigate(calendarPath(day.slice(0, 7)));
  }

  function goToMonth(target: string) {
    setChosen(null);
    navigate(calendarPath(target));
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
              navigate(calendarPath(today.slice(0, 7)));
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
        <section className="calendar-day" aria-labelledby={dayHeadingId}>
          <h3 id={dayHeadingId}>{longDate(selected)}</h3>
          {calendar.isPending ? (
            <p role="status">Loading…</p>
          ) : dayItems.length ? (
            <ItemList items={dayItems} />
          ) : (
            <p className="calendar-empty">Nothing on this day.</p>
          )}
          <p className="calendar-back">
            <Link href="/">Back to your jobs</Link>
          </p>
        </section>
      </div>
      {subscribing && <SubscribeDialog onClose={() => setSubscribing(false)} />}
    </section>
  );
}
