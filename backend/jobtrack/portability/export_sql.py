"""The export's statements: each job with its events already rendered by PostgreSQL, so Python
handles a row per job, not per event (500,000 events at the quotas).

An event's JSON is built in SQL when its stored note fits its model as stored
(`StoredReader.sql`, the SQL twin of the fast path `read` takes in Python); the others (legacy
or odd notes) come raw, aligned by position, and are read in Python by `StoredReader.read`. A
job's events are read through a lateral subquery by the events' `(job_id, id)` index: one
index range per job, in sequence order.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Date,
    Text,
    bindparam,
    case,
    cast,
    false,
    func,
    literal,
    null,
    select,
    true,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by

from jobtrack.tracking.models import TrackedJob, TrackingEvent
from jobtrack.tracking.stages import EventType
from jobtrack.tracking.stored_notes import NOTE_READERS

_BY_TYPE = {
    event_type: NOTE_READERS[event_type].sql(TrackingEvent.note) for event_type in EventType
}

# Whether the event's note fits its model as stored (never NULL: a NULL note does not fit):
# then `_NOTE_BUILT` is what `StoredReader.read` gives for it.
NOTE_FITS: ColumnElement[bool] = func.coalesce(
    case(
        *(
            (TrackingEvent.event_type == event_type, fits)
            for event_type, (fits, _) in _BY_TYPE.items()
        ),
        else_=false(),
    ),
    false(),
)
_NOTE_BUILT = case(
    *(
        (TrackingEvent.event_type == event_type, built)
        for event_type, (_, built) in _BY_TYPE.items()
    )
)


# The caller's jobs, oldest first: sorted in a subquery of their own (a sorted subquery is
# never merged into the statement), so the statement's rows come in that order without a sort
# above the per-job reads below. A sort there would build every job's events before the first
# row (over the statement timeout at the quota); this way each fetch builds the jobs it sends.
_JOBS = (
    select(
        TrackedJob.id,
        TrackedJob.company,
        TrackedJob.title,
        TrackedJob.job_url,
        TrackedJob.stage,
        TrackedJob.notes,
        TrackedJob.priority,
        TrackedJob.tags,
        TrackedJob.created_at,
        TrackedJob.updated_at,
        TrackedJob.posting.label("posting"),  # type: ignore[attr-defined]
    )
    .where(TrackedJob.user_id == bindparam("user_id"))
    .order_by(TrackedJob.created_at, TrackedJob.id)
    .subquery("jobs")
)

# A job's events, each with whether its note fits and the note built when it does: computed
# once an event, in a subquery of the aggregate below.
_JOB_EVENTS = (
    select(
        TrackingEvent.id,
        TrackingEvent.event_type,
        TrackingEvent.event_date,
        TrackingEvent.event_time,
        TrackingEvent.location,
        TrackingEvent.note,
        TrackingEvent.inferred,
        NOTE_FITS.label("fits"),
        _NOTE_BUILT.label("note_built"),
    )
    .where(TrackingEvent.job_id == _JOBS.c.id)
    .correlate(_JOBS)
    .lateral("job_events")
)


def _event_object(note: ColumnElement[Any]) -> ColumnElement[Any]:
    """An event of `_JOB_EVENTS` as the export document's `ExportEvent`, keys in its order."""
    event = _JOB_EVENTS.c
    return func.json_build_object(
        literal("event_type"),
        event.event_type,
        literal("event_date"),
        event.event_date,
        literal("event_time"),
        func.to_char(event.event_time, literal("HH24:MI")),
        literal("location"),
        event.location,
        literal("note"),
        note,
        literal("inferred"),
        event.inferred,
    )


def _in_sequence(value: ColumnElement[Any]) -> ColumnElement[Any]:
    """A JSON array of `value` over the job's events, in sequence order, as text."""
    return cast(func.json_agg(aggregate_order_by(value, _JOB_EVENTS.c.id)), Text)


_FITS = _JOB_EVENTS.c.fits
_ALL_BUILT = func.coalesce(func.bool_and(_FITS), true())
_EVENTS = (
    select(
        _ALL_BUILT.label("all_built"),
        _in_sequence(case((_FITS, _event_object(_JOB_EVENTS.c.note_built)))).label("built"),
        # Only for a job with a note to read in Python: the events raw, at the same positions.
        case(
            (~_ALL_BUILT, _in_sequence(case((~_FITS, _event_object(_JOB_EVENTS.c.note))))),
        ).label("raw"),
    )
    .select_from(_JOB_EVENTS)
    .lateral("events")
)

JOBS_WITH_EVENTS = (
    select(
        _JOBS.c.id,
        _JOBS.c.company,
        _JOBS.c.title,
        _JOBS.c.job_url,
        _JOBS.c.notes,
        _JOBS.c.priority,
        _JOBS.c.tags,
        _JOBS.c.created_at,
        _JOBS.c.posting,
        _EVENTS.c.all_built,
        _EVENTS.c.built,
        _EVENTS.c.raw,
    )
    .select_from(_JOBS)
    .join(_EVENTS, true())
    .order_by(_JOBS.c.created_at, _JOBS.c.id)
)
"""The caller's jobs, oldest first, each with its posting and its events as the document's
JSON text (`built`: `null` at an event whose note must be read in Python; then `raw` holds
that event, raw, at the same position, and `all_built` is false). `built` is NULL for a job
without events."""


def _first_date(event_type: EventType) -> ColumnElement[Any]:
    """The date of the job's first event of `event_type` (NULL when it has none, or when that
    event is inferred: its date is not known)."""
    dates = func.array_agg(
        aggregate_order_by(
            case((TrackingEvent.inferred, null()), else_=TrackingEvent.event_date),
            TrackingEvent.id,
        )
    ).filter(TrackingEvent.event_type == event_type)
    return type_coerce(dates, ARRAY(Date))[1]


_SUMMARY = (
    select(
        *(_first_date(event_type).label(f"{event_type.value}_date") for event_type in EventType),
        func.count().filter(TrackingEvent.event_type == EventType.interview).label("interviews"),
    )
    .where(TrackingEvent.job_id == _JOBS.c.id)
    .correlate(_JOBS)
    .lateral("summary")
)

JOBS_FOR_CSV = (
    select(
        _JOBS.c.company,
        _JOBS.c.title,
        _JOBS.c.job_url,
        _JOBS.c.stage,
        _JOBS.c.notes,
        _JOBS.c.priority,
        _JOBS.c.tags,
        _JOBS.c.created_at,
        _JOBS.c.updated_at,
        *_SUMMARY.c,
    )
    .select_from(_JOBS)
    .join(_SUMMARY, true())
    .order_by(_JOBS.c.created_at, _JOBS.c.id)
)
"""The caller's jobs, oldest first, each with the first date of each event type
(`<type>_date`) and its number of interviews (`interviews`): one aggregate per job."""
