"""Tracked jobs: reading them, creating and deleting one, its resume columns. The patch and
the event writes (each holding the job's row lock) are Core statements in `write_service.py`;
the owned-job lookups are in `queries.py`, the TrackedJob's JSON in `serialize.py`.

Services only flush: the request's unit of work (`jobtrack.platform.db.session`) commits or
rolls back.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Text,
    bindparam,
    delete,
    exists,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    true,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from jobtrack.limits import service as limits_service
from jobtrack.platform.aws.object_store import ObjectStore
from jobtrack.platform.db import session as db
from jobtrack.platform.errors import FieldError
from jobtrack.tracking import posting_rows, queries, serialize, stages
from jobtrack.tracking.dependencies import MAX_ID
from jobtrack.tracking.models import Document, JobPosting, TrackedJob, TrackingEvent, utcnow
from jobtrack.tracking.posting import canonical_job_url
from jobtrack.tracking.schemas import JobCreate, TagCount
from jobtrack.tracking.serialize import JobJson
from jobtrack.tracking.stages import Stage

# ---- reading -----------------------------------------------------------------------------

# The text search configuration of a posting's words (the migration's generated column).
SIMPLE: Any = literal_column("'simple'::regconfig")


def job_json(*, db_session: Session, user_id: str, job_id: int) -> JobJson:
    """The caller's job with its events as the TrackedJob's JSON, or 404: two statements."""
    _, job, events = queries.job_rows(db_session=db_session, user_id=user_id, job_id=job_id)
    return serialize.job_json(job, events)


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
    tags: Sequence[str] = (),
    priority_min: int = 0,
) -> bytes:
    """A TrackedJobPage as JSON: newest `updated_at` first, keyset-paginated, two statements
    whatever the page size and the filters.

    Filters combine: `stage` (any of), `active` (not accepted, declined or rejected), `q`
    (a case-insensitive substring of company or title, `%`, `_` and `\\` matching themselves;
    or every word of it in the posting's description),
    `tags` (every one of them, ignoring case) and `priority_min`.

    The hot path: plain rows, not ORM objects, serialised by `serialize.page_json` in one call;
    the bytes are what TrackedJobPage serialises to (tests/integration/test_list_bytes.py).
    """
    query = (
        select(*queries.JOB_COLUMNS)
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
                # Every word of q in the posting's description (whole words, any case): the
                # GIN index on its tsvector finds them.
                exists().where(
                    JobPosting.job_id == TrackedJob.id,
                    JobPosting.user_id == user_id,
                    JobPosting.search.bool_op("@@")(func.plainto_tsquery(SIMPLE, q)),
                ),
            )
        )
    if tags:
        wanted = literal(sorted(set(tags)), ARRAY(Text))
        query = query.where(_LOWER_TAGS.contains(_lowered(wanted)))
    if priority_min > 0:
        query = query.where(TrackedJob.priority >= priority_min)
    if cursor:
        after_updated_at, after_id = decode_cursor(cursor)
        query = query.where(
            tuple_(TrackedJob.updated_at, TrackedJob.id) < tuple_(after_updated_at, after_id)
        )
    rows = db_session.execute(query).all()
    page = rows[:limit]
    event_rows = (
        db_session.execute(
            select(*queries.EVENT_COLUMNS)
            .where(TrackingEvent.job_id.in_([row.id for row in page]))
            .order_by(TrackingEvent.job_id, TrackingEvent.id)
        ).all()
        if page
        else []
    )
    last = rows[limit - 1] if len(rows) > limit else None
    next_cursor = encode_cursor(last.updated_at, last.id) if last is not None else None
    return serialize.page_json(page, event_rows, next_cursor)


def _lowered(tags: Any) -> Any:
    """An array of text in lower case, as the database lowers it (both sides of the `tag`
    filter, so case never decides whether a job matches, whatever the database's locale)."""
    tag = func.unnest(tags).column_valued("tag")
    return func.array(select(func.lower(tag)).scalar_subquery(), type_=ARRAY(Text))


_LOWER_TAGS = _lowered(TrackedJob.tags)

# The caller's tags, grouped ignoring case: how many jobs have each (a job holds a tag once),
# and the spelling of the most recently updated of them (re-spelling a tag on a job changes
# the suggestion).
_job_tags = func.unnest(TrackedJob.tags).table_valued("tag").render_derived("job_tags").lateral()
_tag = _job_tags.c.tag
_TAG_COUNTS = (
    select(
        func.count().label("jobs"),
        func.array_agg(
            aggregate_order_by(_tag, TrackedJob.updated_at.desc(), TrackedJob.id.desc())
        )[1].label("tag"),
    )
    .select_from(TrackedJob)
    .join(_job_tags, true())
    .where(TrackedJob.user_id == bindparam("match_user_id"))
    .group_by(func.lower(_tag))
    .order_by(func.count().desc(), func.lower(_tag))
)


def tag_counts(*, db_session: Session, user_id: str) -> list[TagCount]:
    """The caller's tags, most used first, then by tag ignoring case: one statement."""
    rows = db_session.execute(_TAG_COUNTS, {"match_user_id": user_id}).all()
    return [TagCount(tag=row.tag, jobs=row.jobs) for row in rows]


# ---- jobs --------------------------------------------------------------------------------


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
        literal(
            canonical_job_url(job_in.job_url) if job_in.job_url else None,
            TrackedJob.job_url.type,
        ),
        literal(Stage.saved, TrackedJob.stage.type),
        literal(
            job_in.notes.model_dump(exclude_none=True) if job_in.notes else {},
            TrackedJob.notes.type,
        ),
        literal(job_in.priority, TrackedJob.priority.type),
        literal(job_in.tags, TrackedJob.tags.type),
        literal(now, TrackedJob.created_at.type),
        literal(now, TrackedJob.updated_at.type),
    )
    if max_jobs is not None:
        owned = select(func.count()).where(TrackedJob.user_id == user_id).scalar_subquery()
        row = row.where(owned < max_jobs)
    columns = ["user_id", "company", "title", "job_url", "stage", "notes", "priority", "tags"]
    statement = insert(TrackedJob).from_select([*columns, "created_at", "updated_at"], row)
    job = db_session.scalars(statement.returning(TrackedJob)).one_or_none()
    if job is None:
        # The refusal alone pays a third statement, to say how many jobs the user has.
        existing = db_session.scalar(select(func.count()).where(TrackedJob.user_id == user_id))
        raise limits_service.jobs_quota_reached(limit=max_jobs or 0, existing=existing or 0)
    set_committed_value(job, "events", [])
    set_committed_value(job, "contacts", [])
    set_committed_value(job, "documents", [])
    posting = None
    if job_in.posting is not None:
        # A statement of its own, only for a job saved with its posting.
        stored = posting_rows.replace_posting(
            db_session.connection(), user_id=user_id, job_id=job.id, posting_in=job_in.posting
        )
        posting = posting_rows.read_form(stored)
    set_committed_value(job, "posting", posting)
    set_committed_value(job, "has_posting", posting is not None)
    return job


def delete_job(*, db_session: Session, store: ObjectStore, user_id: str, job_id: int) -> None:
    """Delete the job and its events; its resume (the file and the library document that is
    it) goes too, the file once the deletion has committed."""
    job = queries.owned_job(db_session=db_session, user_id=user_id, job_id=job_id, lock=True)
    resume_key = job.resume_key
    db_session.delete(job)
    db_session.flush()
    if resume_key is not None:
        db_session.execute(
            delete(Document).where(Document.user_id == user_id, Document.key == resume_key)
        )
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


def _touch(job: TrackedJob) -> dt.datetime:
    now = utcnow()
    job.updated_at = now
    return now
