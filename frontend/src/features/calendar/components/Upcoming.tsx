import { Link } from "wouter";
import { todayIso } from "../../../lib/format";
import { jobPath } from "../../../lib/routes";
import { useUpcoming } from "../api/upcoming";
import { deadlineText, itemKind, itemKey, type CalendarItem } from "../model/kinds";
import { KindIcon } from "./KindIcon";
import "./upcoming.css";

/** "Sat, Nov 28" in the reader's locale. */
const shortDate = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString(undefined, {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  });

function describe(item: CalendarItem, today: string): string {
  if (item.kind !== "event") return deadlineText(item.label, item.date, today);
  const day = item.date === today ? "Today" : shortDate(item.date);
  return [`${item.label} · ${day}`, item.time, item.location].filter(Boolean).join(", ");
}

/** The next 14 days on the jobs view (the page's local date is sent as `from`): interviews
 * with time and place, deadlines with the days left; nothing at all when there is nothing. */
const UPCOMING_SHOWN = 3;

export function Upcoming({ now }: { now?: Date } = {}) {
  const today = todayIso(now);
  const upcoming = useUpcoming(today);
  const items = upcoming.data?.items ?? [];
  if (!items.length) return null;
  return (
    <section className="upcoming" aria-labelledby="upcoming-heading">
      <h3 id="upcoming-heading">Upcoming</h3>
      <ul>
        {items.slice(0, UPCOMING_SHOWN).map((item) => (
          <li key={itemKey(item)} data-kind={itemKind(item)}>
            <span className="kind-mark" data-kind={itemKind(item)} aria-hidden="true">
              <KindIcon kind={itemKind(item)} />
            </span>
            <Link href={jobPath(item.job_id)}>
              <strong>{item.company}</strong>: {describe(item, today)}
            </Link>
          </li>
        ))}
      </ul>
      <p className="upcoming-more">
        <Link href="/calendar">
          {items.length > UPCOMING_SHOWN
            ? `${upcoming.data?.truncated ? "Over " : ""}${items.length - UPCOMING_SHOWN} more in the calendar`
            : "Open the calendar"}
        </Link>
      </p>
    </section>
  );
}
