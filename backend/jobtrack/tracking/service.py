"""Tracked jobs and their events: every event write holds the job's row lock.

Services only flush: the request's unit of work (`jobtrack.db`) commits or rolls back.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import json
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy import (
    Text,
    bindparam,
    case,
    cast,
    func,
    insert,
    literal,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from jobtrack import db
from jobtrack.errors import Conflict, FieldError, NotFound
from jobtrack.limits import service as limits_service
from jobtrack.storage import ObjectStore
from jobtrack.tracking import notes as notes_models
from jobtrack.tracking import read_fast, stages
from jobtrack.tracking.dependencies import MAX_ID
from jobtrack.tracking.models import TrackedJob, TrackingEvent, utcnow
from jobtrack.tracking.notes import JobNotesRead
from jobtrack.tracking.read_fast import JOB_NOTES_READER, NOTE_READERS
from jobtrack.tracking.schemas import (
    EventCreateBase,
    EventUpdate,
    JobCreate,
    JobUpdate,
    TrackedJobRead,
    TrackingEventRead,
)
from jobtrack.tracking.stages import EventType, Stage

JOB_NOT_FOUND = "Tracked job not found."
EVENT_NOT_FOUND = "Event not found."


# ---- reading -----------------------------------------------------------------------------


def event_to_read(event: TrackingEvent) -> TrackingEventRead:
    # Built without validation: every value comes typed from the database, and the note is
    # read as the model reads it (StoredReader); FastAPI serialises the model unchanged.
    return TrackingEventRead.model_construct(
        id=event.id,
        event_type=event.event_type,
        event_date=event.event_date,
        event_time=event.event_time,
        location=event.location,
        note=NOTE_READERS[event.event_type].read(event.note),
        created_at=event.created_at,
        updated_at=event.updated_at,
    )


def job_to_read(job: TrackedJob) -> TrackedJobRead:
    """The whole TrackedJob shape; stored notes that no longer fit read back with defaults."""
    return TrackedJobRead.model_construct(
        id=job.id,
        company=job.company,
        title=job.title,
        job_url=job.job_url,
        stage=job.stage,
        notes=JobNotesRead.model_construct(**JOB_NOTES_READER.read(job.notes)),
        has_resume=job.resume_key is not None,
        events=[event_to_read(e) for e in job.events],
        created_at=job.created_at,
        updated_at=job.updated_at,
    )


@functools.cache
def _owned_job_statement(*, lock: bool, with_events: bool) -> Any:
    """The owned-job SELECT, built once per shape and run with bound `match_id` and
    `match_user_id` (building it cost about as much as a write's own SQL took to run)."""
    query = select(TrackedJob).where(
        TrackedJob.id == bindparam("match_id"), TrackedJob.user_id == bindparam("match_user_id")
    )
    if with_events:
        query = query.options(selectinload(TrackedJob.events))
    if lock:
        query = query.with_for_update(of=TrackedJob)
    return query


def get_owned_job(
    *,
    db_session: Session,
    user_id: str,
    job_id: int,
    lock: bool = False,
    with_events: bool = True,
) -> TrackedJob:
    """The caller's job (with its events unless told otherwise), or 404; another user's job
    is answered exactly like a missing one."""
    query = _owned_job_statement(lock=lock, with_events=with_events)
    job: TrackedJob | None = db_session.scalars(
        query, {"match_id": job_id, "match_user_id": user_id}
    ).one_or_none()
    if job is None:
        raise NotFound(JOB_NOT_FOUND)
    return job


def encode_cursor(updated_at: dt.datetime, job_id: int) -> str:
    raw = json.dumps([updated_at.isoformat(), job_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        updated_at, job_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        moment = dt.datetime.fromisoformat(updated_at)
        # `type(...) is int`: JSON `true` is an int to isinstance. A moment the database cannot
        # hold in UTC (year 1 or 9999 with an offset) raises OverflowError here, not in SQL.
        if type(job_id) is not int or not 0 < job_id <= MAX_ID or moment.tzinfo is None:
            raise ValueError(cursor)
        return moment.astimezone(dt.UTC), job_id
    except (ValueError, TypeError, OverflowError, binascii.Error, UnicodeError) as exc:
        raise FieldError(
            ("query", "cursor"), "cursor is not valid; use next_cursor from a previous page"
        ) from exc


def list_jobs_json(
    *,
    db_session: Session,
    user_id: str,
    limit: int,
    cursor: str | None,
    stage: Sequence[Stage] = (),
    active: bool = False,
    q: str | None = None,
) -> bytes:
    """A TrackedJobPage as JSON: newest `updated_at` first, keyset-paginated, two statements
    whatever the page size and the filters.

    Filters combine: `stage` (any of), `active` (not accepted, declined or rejected) and `q`
    (a case-insensitive substring of company or title; `%`, `_` and `\\` match themselves).

    The hot path: plain rows, not ORM objects, serialised by `read_fast` in one call; the
    bytes are what TrackedJobPage serialises to (tests/integration/test_list_bytes.py).
    """
    query = (
        select(*read_fast.LIST_JOB_COLUMNS)
        .where(TrackedJob.user_id == user_id)
        .order_by(TrackedJob.updated_at.desc(), TrackedJob.id.desc())
        .limit(limit + 1)
    )
    if stage:
        query = query.where(TrackedJob.stage.in_(sorted(set(stage))))
    if active:
        query = query.where(TrackedJob.stage.not_in(stages.CLOSED_STAGES))
    if q:
        query = query.where(
            or_(
                TrackedJob.company.icontains(q, autoescape=True),
                TrackedJob.title.icontains(q, autoescape=True),
            )
        )
    if cursor:
        after_updated_at, after_id = decode_cursor(cursor)
        query = query.where(
            tuple_(TrackedJob.updated_at, TrackedJob.id) < tuple_(after_updated_at, after_id)
        )
    rows = db_session.execute(query).all()
    page = rows[:limit]
    event_rows = (
        db_session.execute(
            select(*read_fast.LIST_EVENT_COLUMNS)
            .where(TrackingEvent.job_id.in_([row.id for row in page]))
            .order_by(TrackingEvent.job_id, TrackingEvent.id)
        ).all()
        if page
        else []
    )
    last = rows[limit - 1] if len(rows) > limit else None
    next_cursor = encode_cursor(last.updated_at, last.id) if last is not None else None
    return read_fast.page_json(page, event_rows, next_cursor)


# ---- jobs --------------------------------------------------------------------------------


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
_PATCHABLE = ("company", "title", "job_url")


@functools.cache
def _update_statement(fields: frozenset[str], with_notes: bool) -> Any:
    """The patch's UPDATE ... RETURNING for this set of fields, built once per shape (at most
    16) and run with bound values: `match_id`, `match_user_id`, `set_<field>`, `notes_cleared`,
    `notes_kept`, `set_updated_at`."""
    values: dict[str, Any] = {
        name: bindparam(f"set_{name}", type_=TrackedJob.__table__.c[name].type)
        for name in _PATCHABLE
        if name in fields
    }
    if with_notes:
        values["notes"] = _NOTES_MERGED
    values["updated_at"] = bindparam("set_updated_at") if values else TrackedJob.updated_at
    return (
        update(TrackedJob)
        .where(
            TrackedJob.id == bindparam("match_id"),
            TrackedJob.user_id == bindparam("match_user_id"),
            TrackedJob.stage != Stage.rejected,
        )
        .values(**values)
        .returning(TrackedJob)
        .options(selectinload(TrackedJob.events))
        .execution_options(populate_existing=True)
    )


def create_job(
    *, db_session: Session, user_id: str, job_in: JobCreate, max_jobs: int | None = None
) -> TrackedJob:
    """Start tracking a job at stage `saved`, with no events; a 409 once the user tracks
    `max_jobs` (None: no quota, for callers that are not requests).

    Under a quota, two statements: the user's lock (`limits`), then an INSERT ... SELECT that
    inserts only while the user's count, read after the lock and so exact, is under it.
    """
    if max_jobs is not None:
        limits_service.lock_user_jobs(db_session, user_id)
    now = utcnow()
    row = select(
        literal(user_id, TrackedJob.user_id.type),
        literal(job_in.company, TrackedJob.company.type),
        literal(job_in.title, TrackedJob.title.type),
        literal(job_in.job_url, TrackedJob.job_url.type),
        literal(Stage.saved, TrackedJob.stage.type),
        literal(
            job_in.notes.model_dump(exclude_none=True) if job_in.notes else {},
            TrackedJob.notes.type,
        ),
        literal(now, TrackedJob.created_at.type),
        literal(now, TrackedJob.updated_at.type),
    )
    if max_jobs is not None:
        owned = select(func.count()).where(TrackedJob.user_id == user_id).scalar_subquery()
        row = row.where(owned < max_jobs)
    columns = ["user_id", "company", "title", "job_url", "stage", "notes"]
    statement = insert(TrackedJob).from_select([*columns, "created_at", "updated_at"], row)
    job = db_session.scalars(statement.returning(TrackedJob)).one_or_none()
    if job is None:
        # The refusal alone pays a third statement, to say how many jobs the user has.
        existing = db_session.scalar(select(func.count()).where(TrackedJob.user_id == user_id))
        raise limits_service.jobs_quota_reached(limit=max_jobs or 0, existing=existing or 0)
    set_committed_value(job, "events", [])
    return job


def ensure_unlocked(job: TrackedJob) -> None:
    if stages.is_locked(job.stage):
        raise Conflict(stages.locked_message())


def update_job(*, db_session: Session, user_id: str, job_id: int, job_in: JobUpdate) -> TrackedJob:
    """Patch company, title, URL, and notes key by key, in one UPDATE ... RETURNING.

    The merge happens in the database, so concurrent patches of different keys both land.
    """
    fields = job_in.model_fields_set & set(_PATCHABLE)
    params: dict[str, Any] = {f"set_{name}": getattr(job_in, name) for name in fields}
    with_notes = job_in.notes is not None
    if job_in.notes is not None:
        patch = job_in.notes.model_dump(include=job_in.notes.model_fields_set)
        params["notes_cleared"] = [key for key, value in patch.items() if value is None]
        params["notes_kept"] = {key: value for key, value in patch.items() if value is not None}
    params.update(match_id=job_id, match_user_id=user_id, set_updated_at=utcnow())
    statement = _update_statement(frozenset(fields), with_notes)
    job: TrackedJob | None = db_session.scalars(statement, params).one_or_none()
    if job is None:
        # Nothing matched: tell a missing (or another user's) job from a locked one.
        get_owned_job(db_session=db_session, user_id=user_id, job_id=job_id)
        raise Conflict(stages.locked_message())
    return job


def delete_job(*, db_session: Session, store: ObjectStore, user_id: str, job_id: int) -> None:
    """Delete the job and its events; its resume object goes once the deletion has committed."""
    job = get_owned_job(db_session=db_session, user_id=user_id, job_id=job_id, lock=True)
    resume_key = job.resume_key
    db_session.delete(job)
    db_session.flush()
    if resume_key is not None:
        # Only after the commit: until then the row still points at the object.
        db.after_commit(db_session, lambda: store.discard(resume_key))


def attach_resume(*, db_session: Session, job: TrackedJob, key: str, filename: str) -> str | None:
    """Record `key` as the job's resume file, shown as `filename`; returns the key it replaces.

    The one writer of the job's resume columns (`resume_key`, `notes.resume_filename`).
    """
    previous_key = job.resume_key
    job.resume_key = key
    stored = job.notes if isinstance(job.notes, dict) else {}
    job.notes = {**stored, "resume_filename": filename}
    _touch(job)
    db_session.flush()
    return previous_key


def resume_file(job: TrackedJob) -> tuple[str, str | None] | None:
    """The job's resume object key and the file name it was uploaded as, or None."""
    if job.resume_key is None:
        return None
    filename = job.notes.get("resume_filename") if isinstance(job.notes, dict) else None
    return job.resume_key, filename if isinstance(filename, str) and filename else None


# ---- events ------------------------------------------------------------------------------


def _rounds_taken(job: TrackedJob, *, besides: TrackingEvent | None = None) -> set[int]:
    """The rounds of the job's interviews (other than `besides`), read permissively."""
    reader = NOTE_READERS[EventType.interview]
    return {
        round_
        for e in job.events
        if e.event_type is EventType.interview and e is not besides
        if isinstance(round_ := reader.read(e.note).get("round"), int)
    }


def _numbered(job: TrackedJob, note: dict[str, Any], *, besides: TrackingEvent | None) -> None:
    """Give an interview note the next round, or refuse a round the job already has (409)."""
    taken = _rounds_taken(job, besides=besides)
    if note.get("round") is None:
        note["round"] = stages.next_round(taken)
        return
    reason = stages.round_error(note["round"], taken)
    if reason is not None:
        raise Conflict(reason)


def _validated_note(event_type: EventType, note: dict[str, Any]) -> dict[str, Any]:
    """Validate a note for its event type, naming the field at fault in a 422."""
    try:
        model = notes_models.NOTE_MODELS[event_type].model_validate(note)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise FieldError(("body", "note", *err["loc"]), err["msg"], err["type"]) from exc
    return model.model_dump(mode="json", exclude_none=True)


def _touch(job: TrackedJob) -> dt.datetime:
    now = utcnow()
    job.updated_at = now
    return now


def create_event(
    *,
    db_session: Session,
    user_id: str,
    job_id: int,
    event_in: EventCreateBase,
    max_events: int | None = None,
) -> TrackedJob:
    """Add an event if the stage rules allow it; the job's stage becomes its type. A 409 once
    the job has `max_events` (None: no quota)."""
    job = get_owned_job(db_session=db_session, user_id=user_id, job_id=job_id, lock=True)
    if max_events is not None:
        # Counted on the locked job: a concurrent add waits for the lock, then counts this one.
        limits_service.ensure_room_for_event(existing=len(job.events), limit=max_events)
    event_type = EventType(event_in.event_type)
    reason = stages.transition_error(job.stage, event_type)
    if reason is not None:
        raise Conflict(reason)
    note = event_in.note.model_dump(mode="json", exclude_none=True)
    if event_type is EventType.interview:
        _numbered(job, note, besides=None)
    now = _touch(job)
    job.events.append(
        TrackingEvent(
            user_id=job.user_id,
            event_type=event_type,
            event_date=event_in.event_date,
            event_time=event_in.event_time,
            location=event_in.location,
            note=note,
            created_at=now,
            updated_at=now,
        )
    )
    job.stage = stages.stage_after([e.event_type for e in job.events])
    db_session.flush()
    return job


def _owned_event(job: TrackedJob, event_id: int) -> TrackingEvent:
    for event in job.events:
        if event.id == event_id:
            return event
    raise NotFound(EVENT_NOT_FOUND)


def update_event(
    *, db_session: Session, user_id: str, job_id: int, event_id: int, event_in: EventUpdate
) -> TrackedJob:
    """Edit an event's date, time, location or note (replaced whole); its type never changes."""
    job = get_owned_job(db_session=db_session, user_id=user_id, job_id=job_id, lock=True)
    event = _owned_event(job, event_id)
    ensure_unlocked(job)
    fields = event_in.model_fields_set
    if "event_date" in fields and event_in.event_date is not None:
        event.event_date = event_in.event_date
    if "event_time" in fields:
        event.event_time = event_in.event_time
    if "location" in fields:
        event.location = event_in.location
    if "note" in fields:
        note = _validated_note(event.event_type, event_in.note or {})
        if event.event_type is EventType.interview:
            if "round" not in note:
                # An edit that leaves the round out keeps the round the event had.
                kept_round = NOTE_READERS[EventType.interview].read(event.note).get("round")
                if kept_round is not None:
                    note["round"] = kept_round
            _numbered(job, note, besides=event)
        event.note = note
    event.updated_at = _touch(job)
    db_session.flush()
    return job


def delete_event(*, db_session: Session, user_id: str, job_id: int, event_id: int) -> TrackedJob:
    """Delete the latest event (undo); the stage rolls back to the new latest event."""
    job = get_owned_job(db_session=db_session, user_id=user_id, job_id=job_id, lock=True)
    event = _owned_event(job, event_id)
    if event is not job.events[-1]:
        raise Conflict("Only the latest event can be deleted; delete the events after it first.")
    job.events.remove(event)
    job.stage = stages.stage_after([e.event_type for e in job.events])
    _touch(job)
    db_session.flush()
    return job
