"""The job and event writes as Core statements, answering with the TrackedJob as JSON bytes.

Each statement is built once, with bound parameters, and run on the session's connection: no
ORM object is loaded, flushed or left in the session, and no response model is validated. The
rules and the errors are the ORM path's, unchanged. An event write is three statements: the
job's row lock, its events, then the event's INSERT/UPDATE/DELETE together with the job's new
stage and `updated_at` (two data-modifying WITHs of one statement). The patch is two: its
UPDATE ... RETURNING, then the events. The bytes are what `TrackedJobRead` of the job read back
serialises to (`serialize.job_json`; tests/integration/test_write_bytes.py proves it for every
write). The job is found and locked by `queries.job_rows`, like every owned-job lookup.

Services only flush: the request's unit of work (`jobtrack.platform.db.session`) commits or
rolls back.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from pydantic import ValidationError
from sqlalchemy import (
    Row,
    Text,
    bindparam,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    select,
    true,
)
from sqlalchemy import update as sql_update
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Session

from jobtrack.limits import service as limits_service
from jobtrack.platform.errors import Conflict, FieldError, NotFound
from jobtrack.tracking import notes as notes_models
from jobtrack.tracking import posting_rows, queries, serialize, stages
from jobtrack.tracking.models import TrackedJob, TrackingEvent, utcnow
from jobtrack.tracking.queries import EVENT_COLUMNS, EVENT_NOT_FOUND, ONE_JOB_COLUMNS
from jobtrack.tracking.schemas import EventCreateBase, EventUpdate, JobUpdate
from jobtrack.tracking.serialize import JobJson
from jobtrack.tracking.stages import EventType
from jobtrack.tracking.stored_notes import NOTE_READERS

NOT_LATEST = "Only the latest event can be deleted; delete the events after it first."


# ---- the statements, built once ----------------------------------------------------------

_jobs = TrackedJob.__table__
_events = TrackingEvent.__table__


def _typed(table: Any, column: str, name: str) -> Any:
    return bindparam(name, type_=table.c[column].type)


# The event's write and the job's new stage (the latest event's type) and `updated_at`, in
# one statement: two data-modifying WITHs, the event's INSERT/UPDATE/DELETE and the job's
# UPDATE, each RETURNING its row. They touch different tables, under the job's lock already
# held, so running them together changes nothing but a round trip.
_SET_STAGE = (
    sql_update(TrackedJob)
    .where(TrackedJob.id == bindparam("match_id"))
    .values(
        stage=_typed(_jobs, "stage", "set_stage"),
        updated_at=_typed(_jobs, "updated_at", "set_at"),
    )
    .returning(*ONE_JOB_COLUMNS)
)
_JOB_NAMES = tuple(column.key for column in ONE_JOB_COLUMNS)
_EVENT_NAMES = tuple(column.key for column in EVENT_COLUMNS)


def _with_job(event_write: Any) -> Any:
    """SELECT the written event's columns, by their names, and the job's after `_SET_STAGE`,
    as `j_<name>`, from the event's write and the stage's UPDATE run as WITHs of one statement."""
    written = event_write.cte("written")
    job = _SET_STAGE.cte("job")
    return select(
        *(written.c[name] for name in _EVENT_NAMES),
        *(job.c[name].label(f"j_{name}") for name in _JOB_NAMES),
    ).select_from(written.join(job, true()))


_INSERT_EVENT = _with_job(
    insert(TrackingEvent)
    .values(
        job_id=_typed(_events, "job_id", "new_job_id"),
        user_id=_typed(_events, "user_id", "new_user_id"),
        event_type=_typed(_events, "event_type", "new_event_type"),
        event_date=_typed(_events, "event_date", "new_event_date"),
        event_time=_typed(_events, "event_time", "new_event_time"),
        location=_typed(_events, "location", "new_location"),
        note=_typed(_events, "note", "new_note"),
        created_at=_typed(_events, "created_at", "new_at"),
        updated_at=_typed(_events, "updated_at", "new_at"),
    )
    .returning(*EVENT_COLUMNS)
)


@functools.cache
def _update_event_statement(fields: frozenset[str]) -> Any:
    """The event's UPDATE for the fields an edit sets (`set_<field>`), with `_SET_STAGE`; built
    once per shape (at most 16: `inferred` is only ever set with `event_date`); the event's
    `updated_at` always (`edit_at`)."""
    values = {name: _typed(_events, name, f"set_{name}") for name in sorted(fields)}
    return _with_job(
        sql_update(TrackingEvent)
        .where(TrackingEvent.id == bindparam("match_event_id"))
        .values(**values, updated_at=_typed(_events, "updated_at", "edit_at"))
        .returning(*EVENT_COLUMNS)
    )


# The job's row only: PostgreSQL runs a data-modifying WITH whether it is read or not.
_DELETE_EVENT = _SET_STAGE.add_cte(
    delete(TrackingEvent)
    .where(TrackingEvent.id == bindparam("match_event_id"))
    .returning(TrackingEvent.id)
    .cte("gone")
)


def _split(row: Row[Any]) -> tuple[Row[Any], Any]:
    """A `_with_job` row as the event's row (its columns by their names) and the job's."""
    return row, SimpleNamespace(**{name: row._mapping[f"j_{name}"] for name in _JOB_NAMES})


# ---- the rules -----------------------------------------------------------------------------


def _rounds_taken(events: Sequence[Row[Any]], *, besides: int | None = None) -> set[int]:
    """The rounds of the job's interviews (other than event `besides`), read permissively."""
    reader = NOTE_READERS[stages.ROUND_EVENT]
    return {
        round_
        for e in events
        if e.event_type is stages.ROUND_EVENT and e.id != besides
        if isinstance(round_ := reader.read(e.note).get(stages.ROUND_FIELD), int)
    }


def _numbered(
    events: Sequence[Row[Any]],
    note: dict[str, Any],
    *,
    besides: int | None,
    loc: tuple[str, ...],
) -> None:
    """Give a numbered note the next round, or refuse a round the job already has: a 422 at
    the round (`loc`), since only the stored events make the input wrong."""
    taken = _rounds_taken(events, besides=besides)
    if note.get(stages.ROUND_FIELD) is None:
        note[stages.ROUND_FIELD] = stages.next_round(taken)
        return
    reason = stages.round_error(note[stages.ROUND_FIELD], taken, editing=besides is not None)
    if reason is not None:
        raise FieldError((*loc, stages.ROUND_FIELD), reason)


def _validated_note(event_type: EventType, note: dict[str, Any]) -> dict[str, Any]:
    """Validate a note for its event type, naming the field at fault in a 422."""
    try:
        model = notes_models.NOTE_MODELS[event_type].model_validate(note)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise FieldError(("body", "note", *err["loc"]), err["msg"], err["type"]) from exc
    return model.model_dump(mode="json", exclude_none=True)


def _owned_event(events: Sequence[Row[Any]], event_id: int) -> int:
    """The position of event `event_id` among the job's events, or 404."""
    for position, event in enumerate(events):
        if event.id == event_id:
            return position
    raise NotFound(EVENT_NOT_FOUND)


# ---- events --------------------------------------------------------------------------------


def create_event(
    *,
    db_session: Session,
    user_id: str,
    job_id: int,
    event_in: EventCreateBase,
    max_events: int | None = None,
) -> JobJson:
    """Add an event if the stage rules allow it; the job's stage becomes its type. A 409 once
    the job has `max_events` (None: no quota)."""
    connection, job, events = queries.job_rows(
        db_session=db_session, user_id=user_id, job_id=job_id, lock=True
    )
    if max_events is not None:
        # Counted on the locked job: a concurrent add waits for the lock, then counts this one.
        limits_service.ensure_room_for_event(existing=len(events), limit=max_events)
    event_type = EventType(event_in.event_type)
    reason = stages.transition_error(job.stage, event_type)
    if reason is not None:
        raise Conflict(reason)
    note = event_in.note.model_dump(mode="json", exclude_none=True)
    if event_type is stages.ROUND_EVENT:
        _numbered(events, note, besides=None, loc=("body", event_type.value, "note"))
    now = utcnow()
    stage = stages.stage_after([*(e.event_type for e in events), event_type])
    created, job = _split(
        connection.execute(
            _INSERT_EVENT,
            {
                "new_job_id": job_id,
                "new_user_id": user_id,
                "new_event_type": event_type,
                "new_event_date": event_in.event_date,
                "new_event_time": event_in.event_time,
                "new_location": event_in.location,
                "new_note": note,
                "new_at": now,
                "match_id": job_id,
                "set_stage": stage,
                "set_at": now,
            },
        ).one()
    )
    return serialize.job_json(job, [*events, created])


def update_event(
    *, db_session: Session, user_id: str, job_id: int, event_id: int, event_in: EventUpdate
) -> JobJson:
    """Edit an event's date, time, location or note (replaced whole); its type never changes."""
    connection, job, events = queries.job_rows(
        db_session=db_session, user_id=user_id, job_id=job_id, lock=True
    )
    position = _owned_event(events, event_id)
    queries.ensure_unlocked(job.stage)
    event = events[position]
    fields = event_in.model_fields_set
    values: dict[str, Any] = {}
    if "event_date" in fields and event_in.event_date is not None:
        values["event_date"] = event_in.event_date
        # The user dated the step: its date is known now, whatever an import inferred.
        values["inferred"] = False
    if "event_time" in fields:
        values["event_time"] = event_in.event_time
    if "location" in fields:
        values["location"] = event_in.location
    if "note" in fields:
        note = _validated_note(event.event_type, event_in.note or {})
        if event.event_type is stages.ROUND_EVENT:
            if stages.ROUND_FIELD not in note:
                # An edit that leaves the round out keeps the round the event had.
                stored = NOTE_READERS[stages.ROUND_EVENT].read(event.note)
                kept_round = stored.get(stages.ROUND_FIELD)
                if kept_round is not None:
                    note[stages.ROUND_FIELD] = kept_round
            _numbered(events, note, besides=event.id, loc=("body", "note"))
        values["note"] = note
    now = utcnow()
    params = {f"set_{name}": value for name, value in values.items()}
    params.update(
        match_event_id=event_id, edit_at=now, match_id=job_id, set_stage=job.stage, set_at=now
    )
    events[position], job = _split(
        connection.execute(_update_event_statement(frozenset(values)), params).one()
    )
    return serialize.job_json(job, events)


def delete_event(*, db_session: Session, user_id: str, job_id: int, event_id: int) -> JobJson:
    """Delete the latest event (undo); the stage rolls back to the new latest event."""
    connection, _, events = queries.job_rows(
        db_session=db_session, user_id=user_id, job_id=job_id, lock=True
    )
    position = _owned_event(events, event_id)
    if position != len(events) - 1:
        raise Conflict(NOT_LATEST)
    events.pop()
    stage = stages.stage_after([e.event_type for e in events])
    job = connection.execute(
        _DELETE_EVENT,
        {"match_event_id": event_id, "match_id": job_id, "set_stage": stage, "set_at": utcnow()},
    ).one()
    return serialize.job_json(job, events)


# ---- patching a job ------------------------------------------------------------------------

# `notes` merged key by key inside the UPDATE: null clears a key, a value sets it. A stored
# value that is not an object (legacy or corrupt) is treated as empty. Built once, with bound
# parameters: building it per request (about 50 coercions) cost more than running it.
_NOTES_MERGED = (
    case(
        (func.jsonb_typeof(TrackedJob.notes) == "object", TrackedJob.notes),
        else_=cast(literal("{}"), JSONB),
    )
    .op("-")(cast(bindparam("notes_cleared", type_=ARRAY(Text)), ARRAY(Text)))
    .op("||")(cast(bindparam("notes_kept", type_=JSONB), JSONB))
)
_PATCHABLE = ("company", "title", "job_url", "priority", "tags")


@functools.cache
def _update_statement(fields: frozenset[str], with_notes: bool, touch: bool = False) -> Any:
    """The patch's UPDATE ... RETURNING for this set of fields, built once per shape (at most
    256) and run with bound values: `match_id`, `match_user_id`, `set_<field>`, `notes_cleared`,
    `notes_kept`, `set_updated_at`. `touch`: the job changed elsewhere (its posting), so its
    `updated_at` moves even with no column of its own set."""
    values: dict[str, Any] = {
        name: _typed(_jobs, name, f"set_{name}") for name in _PATCHABLE if name in fields
    }
    if with_notes:
        values["notes"] = _NOTES_MERGED
    values["updated_at"] = (
        _typed(_jobs, "updated_at", "set_updated_at") if values or touch else TrackedJob.updated_at
    )
    return (
        sql_update(TrackedJob)
        .where(*queries.OWNED, queries.UNLOCKED)
        .values(**values)
        .returning(*ONE_JOB_COLUMNS)
    )


def update_job(*, db_session: Session, user_id: str, job_id: int, job_in: JobUpdate) -> JobJson:
    """Patch company, title, URL, priority, tags (replaced whole), and notes key by key, in one
    UPDATE ... RETURNING (after the posting's own statement when it is patched); then the
    job's events.

    The merge happens in the database, so concurrent patches of different keys both land.
    """
    fields = job_in.model_fields_set & set(_PATCHABLE)
    params: dict[str, Any] = {f"set_{name}": getattr(job_in, name) for name in fields}
    with_notes = job_in.notes is not None
    if job_in.notes is not None:
        patch = job_in.notes.model_dump(include=job_in.notes.model_fields_set)
        params["notes_cleared"] = [key for key, value in patch.items() if value is None]
        params["notes_kept"] = {key: value for key, value in patch.items() if value is not None}
    params.update(queries.owned_params(user_id=user_id, job_id=job_id), set_updated_at=utcnow())
    connection = db_session.connection()
    with_posting = "posting" in job_in.model_fields_set
    if with_posting:
        # Before the UPDATE, whose RETURNING reads the posting back; written only to the
        # caller's unlocked job, so the UPDATE's 404 or 409 stands for both.
        posting_rows.replace_posting(
            connection, user_id=user_id, job_id=job_id, posting_in=job_in.posting
        )
    statement = _update_statement(frozenset(fields), with_notes, with_posting)
    job = connection.execute(statement, params).one_or_none()
    if job is None:
        # Nothing matched: tell a missing (or another user's) job from a locked one.
        queries.ensure_owned_and_unlocked(db_session=db_session, user_id=user_id, job_id=job_id)
        raise Conflict(stages.locked_message(None))  # a job locked and restored meanwhile
    events = connection.execute(queries.JOB_EVENTS, {"match_id": job_id}).all()
    return serialize.job_json(job, events)
