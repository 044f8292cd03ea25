"""Calendar items from a user's events: two SQL statements for any date range, then pure Python.

An event gives up to three items: the event itself (its date and time), an offer's `deadline`
and an acceptance's `start_date`. The first statement finds every event that has one of the
three in the range through the indexes of migration 0008 (the owner and the date; partial
indexes on the two note dates); the second reads those events' jobs by primary key. Both cost
what the items in the range cost, not what the number of jobs does.

Stored notes are read permissively: a note date that is not a real `YYYY-MM-DD` date gives no
item, and an interview round that does not read as one gives the plain stage label.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, Row, Select, and_, bindparam, or_, select

from jobtrack.calendar.schemas import ItemKind
from jobtrack.tracking.models import TrackedJob, TrackingEvent
from jobtrack.tracking.schemas import ISO_DATE
from jobtrack.tracking.stages import STAGE_LABELS, EventType, Stage
from jobtrack.tracking.stored_notes import NOTE_READERS

OFFER_DEADLINE_LABEL = "Offer deadline"
START_DATE_LABEL = "Start date"
# The order of items of one event on one day (the last key of the order).
KIND_ORDER: dict[ItemKind, int] = {"event": 0, "offer_deadline": 1, "start_date": 2}
# Jobs whose items are cancelled from today on, and that `upcoming` leaves out.
ENDED_STAGES = frozenset({Stage.rejected, Stage.declined})

_DEADLINE = TrackingEvent.note["deadline"].astext
_START_DATE = TrackingEvent.note["start_date"].astext

EVENT_COLUMNS = (
    TrackingEvent.id.label("event_id"),
    TrackingEvent.job_id,
    TrackingEvent.event_type,
    TrackingEvent.event_date,
    TrackingEvent.event_time,
    TrackingEvent.location,
    TrackingEvent.note["round"].label("round"),
    _DEADLINE.label("deadline"),
    _START_DATE.label("start_date"),
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
    event_id: int
    event_type: EventType
    label: str
    location: str | None
    revised_at: dt.datetime

    def sort_key(self) -> tuple[Any, ...]:
        """Date, then time (untimed first), job, event, kind."""
        return (
            self.date,
            self.time is not None,
            self.time or dt.time.min,
            self.job_id,
            self.event_id,
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
        and_(TrackingEvent.event_type == EventType.offer, _DEADLINE.between(_LOW, _HIGH)),
        and_(TrackingEvent.event_type == EventType.accepted, _START_DATE.between(_LOW, _HIGH)),
    ),
)
"""The user's events with an item in a range: parameters from `range_params`."""

# A statement of its own, by primary key: joined to the events, the planner may read every job
# of the user (or of everyone) to hash them, a cost that grows with the jobs, not the items.
_JOB_COLUMNS_WITH_ID: tuple[Any, ...] = (TrackedJob.id, *JOB_COLUMNS)
JOBS_BY_ID: Select[Any] = select(*_JOB_COLUMNS_WITH_ID).where(
    TrackedJob.id.in_(bindparam("job_ids", expanding=True)),
    TrackedJob.user_id == bindparam("user_id"),
)
"""Those of the user's jobs: parameters `user_id` and `job_ids`."""

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
    if event_type is EventType.interview:
        # Read as the job's own view reads it: a round that does not fit is no round.
        round_ = NOTE_READERS[EventType.interview].read({"round": raw_round})["round"]
        if round_ is not None:
            return f"Interview round {round_}"
    return STAGE_LABELS[Stage(event_type.value)]


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
    items = [
        CalendarItem(
            kind="event",
            date=event.event_date,
            time=event.event_time,
            label=event_label(event_type, event.round),
            location=event.location,
            **common,
        )
    ]
    if event_type is EventType.offer and (deadline := note_date(event.deadline)) is not None:
        items.append(
            CalendarItem(
                kind="offer_deadline",
                date=deadline,
                time=None,
                label=OFFER_DEADLINE_LABEL,
                location=None,
                **common,
            )
        )
    if event_type is EventType.accepted and (start := note_date(event.start_date)) is not None:
        items.append(
            CalendarItem(
                kind="start_date",
                date=start,
                time=None,
                label=START_DATE_LABEL,
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
    items.sort(key=CalendarItem.sort_key)
    return items


def upcoming(items: Iterable[CalendarItem]) -> list[CalendarItem]:
    """What is still ahead: no job now rejected or declined, no deadline of a job past offer."""
    return [
        item
        for item in items
        if item.stage not in ENDED_STAGES
        and (item.kind != "offer_deadline" or item.stage is Stage.offer)
    ]
