import { Link } from "wouter";
import { jobPath } from "../../../lib/routes";
import { itemKey, itemKind, isMuted, type CalendarItem } from "../model/calendarModel";
import { KindIcon } from "./KindIcon";

/** A kind's shape with its name for screen readers (the shape is never the only signal). */
function KindMark({ item }: { item: CalendarItem }) {
  return (
    <span className="kind-mark" data-kind={itemKind(item)} aria-hidden="true">
      <KindIcon kind={itemKind(item)} />
    </span>
  );
}

/** One day's items, each linking to its job; items of ended jobs muted and said so. */
export function ItemList({ items }: { items: readonly CalendarItem[] }) {
  return (
    <ul className="calendar-items">
      {items.map((item) => {
        const muted = isMuted(item);
        return (
          <li
            key={itemKey(item)}
            className="calendar-item"
            data-kind={itemKind(item)}
            data-muted={muted || undefined}
          >
            <KindMark item={item} />
            <div>
              <Link href={jobPath(item.job_id)} className="calendar-item-link">
                {item.label} · {item.company}
              </Link>
              <p className="calendar-item-meta">
                {[item.time, item.title, item.location].filter(Boolean).join(" · ")}
                {muted && <span className="muted-tag"> (job {item.stage})</span>}
              </p>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
