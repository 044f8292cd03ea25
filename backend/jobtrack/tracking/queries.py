"""The one place a job is looked up for its owner, read, or locked.

Every statement here matches the job by id *and* owner (`OWNED`, bound as `match_id` and
`match_user_id`), so another user's job is answered exactly like a missing one (404). Each is
built once, with bound parameters: building one cost about as much as running it.

- `job_rows`: the job's columns and people (`ONE_JOB_COLUMNS`) and its events (`EVENT_COLUMNS`) as plain rows,
  optionally under the job's row lock; what `serialize.py` turns into the TrackedJob's bytes.
- `owned_job`: the job as an ORM object, for the services that change it through the ORM
  (deleting it, its resume columns).
- `ensure_owned`, `ensure_owned_and_unlocked`: one SELECT of the stage, no row loaded.
- `UNLOCKED`: what a write of a locked (rejected, withdrawn) job fails, inside its own statement.
"""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Connection, Row, bindparam, select
from sqlalchemy.orm import Session, selectinload, undefer

from jobtrack.platform.errors import Conflict, NotFound
from jobtrack.tracking import stages
from jobtrack.tracking.models import TrackedJob, TrackingEvent
from jobtrack.tracking.stages import Stage

JOB_NOT_FOUND = "Tracked job not found."
EVENT_NOT_FOUND = "Event not found."

# The caller's job: bind `match_id` and `match_user_id` (`owned_params`).
OWNED = (TrackedJob.id == bindparam("match_id"), TrackedJob.user_id == bindparam("match_user_id"))
# A job that accepts changes (stages.is_locked, as SQL).
UNLOCKED = TrackedJob.stage.not_in(stages.LOCKED_STAGES)

# The columns a TrackedJob is built from; rows are then read by these names (`serialize.py`).
JOB_COLUMNS = (
    TrackedJob.id,
    TrackedJob.company,
    TrackedJob.title,
    TrackedJob.job_url,
    TrackedJob.stage,
    TrackedJob.notes,
    TrackedJob.resume_key,
    TrackedJob.priority,
    TrackedJob.tags,
    TrackedJob.created_at,
    TrackedJob.updated_at,
    TrackedJob.has_posting.label("has_posting"),  # type: ignore[attr-defined]
)
# One job's columns: those, its posting and its people (`TrackedJob.posting`, `.contacts`:
# correlated subqueries). The list leaves them out: per row, the people's subquery cost several
# times the row's read, and a description can be 100,000 characters.
ONE_JOB_COLUMNS = (
    *JOB_COLUMNS,
    TrackedJob.posting.label("posting"),  # type: ignore[attr-defined]
    TrackedJob.contacts.label("contacts"),  # type: ignore[attr-defined]
    TrackedJob.documents.label("documents"),  # type: ignore[attr-defined]
)
EVENT_COLUMNS = (
    TrackingEvent.job_id,
    TrackingEvent.id,
    TrackingEvent.event_type,
    TrackingEvent.event_date,
    TrackingEvent.event_time,
    TrackingEvent.location,
    TrackingEvent.note,
    TrackingEvent.inferred,
    TrackingEvent.created_at,
    TrackingEvent.updated_at,
)

OWNED_STAGE = select(TrackedJob.stage).where(*OWNED)
JOB_ROW = select(*ONE_JOB_COLUMNS).where(*OWNED)
LOCKED_JOB_ROW = JOB_ROW.with_for_update()
# A job's events, in sequence: a statement of its own, after the lock, so that it sees every
# event committed by a writer the lock waited for (a join inside the locking SELECT would not).
JOB_EVENTS = (
    select(*EVENT_COLUMNS)
    .where(TrackingEvent.job_id == bindparam("match_id"))
    .order_by(TrackingEvent.id)
)


def owned_params(*, user_id: str, job_id: int) -> dict[str, Any]:
    """The bound values of `OWNED`."""
    return {"match_id": job_id, "match_user_id": user_id}


def ensure_unlocked(stage: Stage) -> None:
    """409 for a locked (rejected or withdrawn) job, saying how to undo it."""
    if stages.is_locked(stage):
        raise Conflict(stages.locked_message(stage))


def job_rows(
    *, db_session: Session, user_id: str, job_id: int, lock: bool = False
) -> tuple[Connection, Row[Any], list[Row[Any]]]:
    """The session's connection, the caller's job (under its row lock if `lock`) or 404, and
    its events in sequence: two statements."""
    connection = db_session.connection()
    params = owned_params(user_id=user_id, job_id=job_id)
    job = connection.execute(LOCKED_JOB_ROW if lock else JOB_ROW, params).one_or_none()
    if job is None:
        raise NotFound(JOB_NOT_FOUND)
    return connection, job, list(connection.execute(JOB_EVENTS, params).all())


def owned_stage(connection: Connection, *, user_id: str, job_id: int) -> Stage | None:
    """The caller's job's stage, or None when it is missing or another user's."""
    stage: Stage | None = connection.execute(
        OWNED_STAGE, owned_params(user_id=user_id, job_id=job_id)
    ).scalar_one_or_none()
    return stage


def ensure_owned(*, db_session: Session, user_id: str, job_id: int) -> Stage:
    """The caller's job's stage, or 404: one plain SELECT, no row loaded."""
    stage = owned_stage(db_session.connection(), user_id=user_id, job_id=job_id)
    if stage is None:
        raise NotFound(JOB_NOT_FOUND)
    return stage


def ensure_owned_and_unlocked(*, db_session: Session, user_id: str, job_id: int) -> None:
    """404 unless the caller owns the job, 409 if it is locked (rejected or withdrawn)."""
    ensure_unlocked(ensure_owned(db_session=db_session, user_id=user_id, job_id=job_id))


@functools.cache
def _owned_job_statement(*, lock: bool, with_events: bool) -> Any:
    query = (
        select(TrackedJob)
        .where(*OWNED)
        .options(
            undefer(TrackedJob.contacts),  # type: ignore[attr-defined]
            undefer(TrackedJob.documents),  # type: ignore[attr-defined]
            undefer(TrackedJob.posting),  # type: ignore[attr-defined]
            undefer(TrackedJob.has_posting),  # type: ignore[attr-defined]
        )
    )
    if with_events:
        query = query.options(selectinload(TrackedJob.events))
    if lock:
        query = query.with_for_update(of=TrackedJob)
    return query


def owned_job(
    *, db_session: Session, user_id: str, job_id: int, lock: bool = False, with_events: bool = True
) -> TrackedJob:
    """The caller's job as an ORM object (with its events unless told otherwise), or 404."""
    job: TrackedJob | None = db_session.scalars(
        _owned_job_statement(lock=lock, with_events=with_events),
        owned_params(user_id=user_id, job_id=job_id),
    ).one_or_none()
    if job is None:
        raise NotFound(JOB_NOT_FOUND)
    return job
