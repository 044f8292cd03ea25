"""Tracked jobs and their events: every event write holds the job's row lock.

Services only flush: the request's unit of work (`jobtrack.db`) commits or rolls back.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy import (
    ColumnElement,
    Text,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Session, selectinload

from jobtrack import db
from jobtrack.errors import Conflict, FieldError, NotFound
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
    query = select(TrackedJob).where(TrackedJob.id == job_id, TrackedJob.user_id == user_id)
    if with_events:
        query = query.options(selectinload(TrackedJob.events))
    if lock:
        query = query.with_for_update(of=TrackedJob)
    job = db_session.scalars(query).one_or_none()
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


def _merged_notes_sql(patch: dict[str, Any]) -> ColumnElement[Any]:
    """`notes` merged key by key inside the UPDATE: null clears a key, a value sets it.

    A stored value that is not an object (legacy or corrupt) is treated as empty.
    """
    current = case(
        (func.jsonb_typeof(TrackedJob.notes) == "object", TrackedJob.notes),
        else_=cast(literal("{}"), JSONB),
    )
    cleared = [key for key, value in patch.items() if value is None]
    kept = {key: value for key, value in patch.items() if value is not None}
    return current.op("-")(cast(cleared, ARRAY(Text))).op("||")(cast(kept, JSONB))


def create_job(*, db_session: Session, user_id: str, job_in: JobCreate) -> TrackedJob:
    """Start tracking a job at stage `saved`, with no events."""
    now = utcnow()
    job = TrackedJob(
        user_id=user_id,
        company=job_in.company,
        title=job_in.title,
        job_url=job_in.job_url,
        stage=Stage.saved,
        notes=job_in.notes.model_dump(exclude_none=True) if job_in.notes else {},
        created_at=now,
        updated_at=now,
    )
    job.events = []
    db_session.add(job)
    db_session.flush()
    return job


def ensure_unlocked(job: TrackedJob) -> None:
    if stages.is_locked(job.stage):
        raise Conflict(stages.locked_message())


def update_job(*, db_session: Session, user_id: str, job_id: int, job_in: JobUpdate) -> TrackedJob:
    """Patch company, title, URL, and notes key by key, in one UPDATE ... RETURNING.

    The merge happens in the database, so concurrent patches of different keys both land.
    """
    fields = job_in.model_fields_set
    values: dict[str, Any] = {
        name: getattr(job_in, name) for name in ("company", "title", "job_url") if name in fields
    }
    if job_in.notes is not None:
        values["notes"] = _merged_notes_sql(
            job_in.notes.model_dump(include=job_in.notes.model_fields_set)
        )
    values["updated_at"] = utcnow() if values else TrackedJob.updated_at
    statement = (
        update(TrackedJob)
        .where(
            TrackedJob.id == job_id,
            TrackedJob.user_id == user_id,
            TrackedJob.stage != Stage.rejected,
        )
        .values(**values)
        .returning(TrackedJob)
        .options(selectinload(TrackedJob.events))
        .execution_options(populate_existing=True)
    )
    job = db_session.scalars(statement).one_or_none()
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
) -> TrackedJob:
    """Add an event if the stage rules allow it; the job's stage becomes its type."""
    job = get_owned_job(db_session=db_session, user_id=user_id, job_id=job_id, lock=True)
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
