"""Calendar items from a user's events: two SQL statements for any date range, then pure Python.

An event gives its own item (its date and time) and one more for each date of its note that
`tracking.notes.DATED_NOTE_FIELDS` names (an offer's `deadline`, an acceptance's `start_date`).
The first statement finds every event that has an item in the range through the indexes of
migration 0008 (the owner and the date; a partial index on each note date); the second reads
those events' jobs by primary key. Both cost what the items in the range cost, not what the
number of jobs does.

An inferred event (a step an import created, whose date is not known) gives no item of its
own: the calendar, upcoming and the feeds leave it out.

Stored notes are read permissively: a note date that is not a real `YYYY-MM-DD` date gives no
item, and an interview round that does not read as one gives the plain stage label.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Date,
    Row,
    Select,
    and_,
    any_,
    bindparam,
    func,
    or_,
    select,
    union_all,
)

from jobtrack.calendar.schemas import ItemKind
from jobtrack.tracking.models import JobPosting, TrackedJob, TrackingEvent
from jobtrack.tracking.notes import DATED_NOTE_FIELDS, DatedNoteField
from jobtrack.tracking.schemas import ISO_DATE
from jobtrack.tracking.stages import (
    ENDED_STAGES,
    ROUND_EVENT,
    ROUND_FIELD,
    STAGE_LABELS,
    EventType,
    Stage,
)
from jobtrack.tracking.stored_notes import NOTE_READERS

# The order of items of one event on one day (the last key of the order): the event, then its
# note dates in table order.
KIND_ORDER: dict[str, int] = {
    "event": 0,
    **{dated.kind: order for order, dated in enumerate(DATED_NOTE_FIELDS, start=1)},
    "apply_by": len(DATED_NOTE_FIELDS) + 1,
}
APPLY_BY_LABEL = "Apply by"


def _note_text(dated: DatedNoteField) -> ColumnElement[str]:
    text: ColumnElement[str] = TrackingEvent.note[dated.field].astext
    return text


# A note date's column is labelled with its item's kind, which no other column is named.
EVENT_COLUMNS = (
    TrackingEvent.id.label("event_id"),
    TrackingEvent.job_id,
    TrackingEvent.event_type,
    TrackingEvent.event_date,
    TrackingEvent.event_time,
    TrackingEvent.location,
    TrackingEvent.note[ROUND_FIELD].label("round"),
    TrackingEvent.inferred,
    *(_note_text(dated).label(dated.kind) for dated in DATED_NOTE_FIELDS),
    TrackingEvent.updated_at.label("event_updated_at"),
)
JOB_COLUMNS = (
    TrackedJob.company,
    TrackedJob.title,
    TrackedJob.job_url,
    TrackedJob.stage,
    TrackedJob.updated_at.label("job_updated_at"),
)


@dataclass(frozen=True, slots=True)
class CalendarItem:
    """One dated thing to show. `revised_at` is when its event or job last changed (the
    iCalendar DTSTAMP); `job_url` is for the iCalendar description."""

    kind: ItemKind
    date: dt.date
    time: dt.time | None
    job_id: int
    company: str
    title: str
    job_url: str | None
    stage: Stage
    event_id: int | None  # None: an apply-by date (from the job's posting, not an event)
    event_type: EventType | None
    label: str
    location: str | None
    revised_at: dt.datetime

    def sort_key(self) -> tuple[Any, ...]:
        """Date, then apply-by dates after the day's other items, then time (untimed first),
        job, event, kind."""
        return (
            self.date,
            self.kind == "apply_by",
            self.time is not None,
            self.time or dt.time.min,
            self.job_id,
            self.event_id or 0,
            KIND_ORDER[self.kind],
        )


# The statements are built once (building one costs more than running it) and take their
# values as bound parameters.
_LOW: BindParameter[str] = bindparam("low")
_HIGH: BindParameter[str] = bindparam("high")

EVENTS_IN_RANGE: Select[Any] = select(*EVENT_COLUMNS).where(
    TrackingEvent.user_id == bindparam("user_id"),
    or_(
        TrackingEvent.event_date.between(bindparam("start"), bindparam("end")),
        # Each arm repeats its partial index's condition, so that index can serve it.
        *(
            and_(
                TrackingEvent.event_type == dated.event_type, _note_text(dated).between(_LOW, _HIGH)
            )
            for dated in DATED_NOTE_FIELDS
        ),
    ),
)
"""The user's events with an item in a range: parameters from `range_params`."""


def _earliest_events_in_range() -> Select[Any]:
    """`EVENTS_IN_RANGE`'s earliest `max_events`, one arm per index: the events dated in the
    range (the owner-and-date index, read in order and stopped at the limit), and for each note
    date the events of that type not dated in the range whose note date is (its partial index),
    each arm limited, then the arms' union ordered and limited. The same rows as ordering
    `EVENTS_IN_RANGE` itself, but the planner cannot walk the owner's events in date order from
    the first one filtering the OR (seconds at the quota, once statistics are fresh)."""
    limit: BindParameter[int] = bindparam("max_events")
    order = (TrackingEvent.event_date, TrackingEvent.id)
    in_range = TrackingEvent.event_date.between(bindparam("start"), bindparam("end"))
    owner = TrackingEvent.user_id == bindparam("user_id")
    arms = [
        select(*EVENT_COLUMNS).where(owner, in_range).order_by(*order).limit(limit),
        *(
            select(*EVENT_COLUMNS)
            .where(
                owner,
                TrackingEvent.event_type == dated.event_type,
                _note_text(dated).between(_LOW, _HIGH),
                ~in_range,
            )
            .order_by(*order)
            .limit(limit)
            for dated in DATED_NOTE_FIELDS
        ),
    ]
    union = union_all(*arms).subquery("events_in_range")
    return select(union).order_by(union.c.event_date, union.c.event_id).limit(limit)


EARLIEST_EVENTS_IN_RANGE: Select[Any] = _earliest_events_in_range()
"""At most `max_events` + 1 of `EVENTS_IN_RANGE`, the earliest (the one past says "more")."""

NEAREST_EVENTS_IN_RANGE: Select[Any] = EVENTS_IN_RANGE.order_by(
    func.abs(TrackingEvent.event_date - bindparam("nearest", type_=Date)),
    TrackingEvent.event_date,
    TrackingEvent.id,
).limit(bindparam("max_events"))
"""At most `max_events` + 1 of `EVENTS_IN_RANGE`, those dated nearest `nearest` (ties: the
earlier first)."""

# A statement of its own, by primary key: joined to the events, the planner may read every job
# of the user (or of everyone) to hash them, a cost that grows with the jobs, not the items.
# It also brings the saved jobs whose posting closes in the range (their apply-by items): their
# ids as an array read first through `ix_job_postings_user_id_valid_through`, so both arms are
# primary-key lookups (a condition on the joined posting would read every job of the user).
_CLOSING_IN_RANGE = func.array(
    select(JobPosting.job_id)
    .where(
        JobPosting.user_id == bindparam("user_id"),
        JobPosting.valid_through.between(bindparam("start"), bindparam("end")),
    )
    .correlate(None)  # its own read of the postings, not the outer join's row
    .scalar_subquery()
)
_JOB_COLUMNS_WITH_ID: tuple[Any, ...] = (TrackedJob.id, *JOB_COLUMNS, JobPosting.valid_through)
JOBS_BY_ID: Select[Any] = (
    select(*_JOB_COLUMNS_WITH_ID)
    .outerjoin(JobPosting, JobPosting.job_id == TrackedJob.id)
    .where(
        TrackedJob.user_id == bindparam("user_id"),
        or_(
            TrackedJob.id.in_(bindparam("job_ids", expanding=True)),
            and_(TrackedJob.stage == Stage.saved, TrackedJob.id == any_(_CLOSING_IN_RANGE)),
        ),
    )
)
"""The user's jobs of the events found (`job_ids`) and the saved ones whose posting closes in
[start, end]: parameters `user_id`, `job_ids`, `start`, `end`."""

EVENT_OF_JOB: Select[Any] = (
    select(*EVENT_COLUMNS, *JOB_COLUMNS)
    .join(TrackedJob, TrackedJob.id == TrackingEvent.job_id)
    .where(
        TrackingEvent.id == bindparam("event_id"),
        TrackingEvent.job_id == bindparam("job_id"),
        TrackedJob.user_id == bindparam("user_id"),
    )
)
"""One event of the user's job, with its job (no row when either is not the user's)."""


def range_params(*, user_id: str, start: dt.date, end: dt.date) -> dict[str, Any]:
    # The note dates are ISO strings, which sort like the dates they spell.
    return {
        "user_id": user_id,
        "start": start,
        "end": end,
        "low": start.isoformat(),
        "high": end.isoformat(),
    }


def note_date(raw: Any) -> dt.date | None:
    """A stored note date, or None when it is not a real `YYYY-MM-DD` date."""
    if type(raw) is not str or ISO_DATE.fullmatch(raw) is None:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


def event_label(event_type: EventType, raw_round: Any) -> str:
    """`Interview round N` for an interview with a round, else the stage's label."""
    label = STAGE_LABELS[Stage(event_type.value)]
    if event_type is ROUND_EVENT:
        # Read as the job's own view reads it: a round that does not fit is no round.
        round_ = NOTE_READERS[ROUND_EVENT].read({ROUND_FIELD: raw_round})[ROUND_FIELD]
        if round_ is not None:
            return f"{label} round {round_}"
    return label


def row_items(event: Row[Any], job: Row[Any]) -> list[CalendarItem]:
    """Every item one event (an `EVENT_COLUMNS` row) of a job (`JOB_COLUMNS`) gives."""
    event_type: EventType = event.event_type
    common = {
        "job_id": event.job_id,
        "company": job.company,
        "title": job.title,
        "job_url": job.job_url,
        "stage": job.stage,
        "event_id": event.event_id,
        "event_type": event_type,
        "revised_at": max(event.event_updated_at, job.job_updated_at),
    }
    # An inferred step (an import's step towards a spreadsheet's status) has no known date: no
    # item of its own. Its note's dates were given by the user and still count.
    items = (
        []
        if event.inferred
        else [
            CalendarItem(
                kind="event",
                date=event.event_date,
                time=event.event_time,
                label=event_label(event_type, event.round),
                location=event.location,
                **common,
            )
        ]
    )
    for dated in DATED_NOTE_FIELDS:
        if event_type is not dated.event_type:
            continue
        if (date := note_date(getattr(event, dated.kind))) is not None:
            items.append(
                CalendarItem(
                    kind=cast(ItemKind, dated.kind),
                    date=date,
                    time=None,
                    label=dated.label,
                    location=None,
                    **common,
                )
            )
    return items


def items_between(
    events: Iterable[Row[Any]], jobs: Iterable[Row[Any]], start: dt.date, end: dt.date
) -> list[CalendarItem]:
    """The items of `events` (with their `jobs`) dated in [start, end], in calendar order."""
    by_id = {job.id: job for job in jobs}
    items = [
        item
        for event in events
        if (job := by_id.get(event.job_id)) is not None
        for item in row_items(event, job)
        if start <= item.date <= end
    ]
    items += [
        item
        for job in by_id.values()
        if (item := apply_by_item(job)) is not None and start <= item.date <= end
    ]
    items.sort(key=CalendarItem.sort_key)
    return items


def apply_by_item(job: Row[Any]) -> CalendarItem | None:
    """The date a saved job's posting closes (`valid_through`), while the job is at saved."""
    if job.valid_through is None or job.stage is not Stage.saved:
        return None
    return CalendarItem(
        kind="apply_by",
        date=job.valid_through,
        time=None,
        job_id=job.id,
        company=job.company,
        title=job.title,
        job_url=job.job_url,
        stage=job.stage,
        event_id=None,
        event_type=None,
        label=APPLY_BY_LABEL,
        location=None,
        revised_at=job.job_updated_at,
    )


_OPEN_WHILE: dict[str, Stage | None] = {
    **{dated.kind: dated.open_while for dated in DATED_NOTE_FIELDS},
    "apply_by": Stage.saved,
}


def is_ahead(item: CalendarItem) -> bool:
    """Whether the item still concerns its job: the job has not ended, and a note date that
    lasts only while the job is at one stage (an offer's deadline) is of a job still there."""
    open_while = _OPEN_WHILE.get(item.kind)
    return item.stage not in ENDED_STAGES and (open_while is None or item.stage is open_while)


def upcoming(items: Iterable[CalendarItem]) -> list[CalendarItem]:
    """What is still ahead: no job now rejected or declined, no deadline of a job past offer."""
    return [item for item in items if is_ahead(item)]
