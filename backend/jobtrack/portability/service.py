"""Export (two statements whatever the number of jobs) and import (validate everything, then
write in bulk). Services only flush: the request's unit of work commits or rolls back, so an
import that fails anywhere writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, insert, select
from sqlalchemy.orm import Session

from jobtrack.limits import service as limits_service
from jobtrack.portability import export, replay
from jobtrack.portability.exceptions import ImportInvalid
from jobtrack.portability.schemas import ImportDocument, ImportResult
from jobtrack.tracking import queries
from jobtrack.tracking.models import TrackedJob, TrackingEvent, utcnow

# ---- export ------------------------------------------------------------------------------


def _export_rows(
    *, db_session: Session, user_id: str
) -> tuple[Sequence[Row[Any]], Sequence[Row[Any]]]:
    """The caller's jobs, oldest first, and all their events in sequence order."""
    jobs = db_session.execute(
        select(*queries.JOB_COLUMNS)
        .where(TrackedJob.user_id == user_id)
        .order_by(TrackedJob.created_at, TrackedJob.id)
    ).all()
    events = db_session.execute(
        select(*queries.EVENT_COLUMNS)
        .join(TrackedJob, TrackedJob.id == TrackingEvent.job_id)
        .where(TrackedJob.user_id == user_id)
        .order_by(TrackingEvent.job_id, TrackingEvent.id)
    ).all()
    return jobs, events


def export_json(*, db_session: Session, user_id: str, exported_at: dt.datetime) -> bytes:
    """Every job of the caller as the export document."""
    return export.document_json(
        *_export_rows(db_session=db_session, user_id=user_id), exported_at=exported_at
    )


def export_csv(*, db_session: Session, user_id: str) -> str:
    """Every job of the caller as one CSV row each."""
    return export.csv_text(*_export_rows(db_session=db_session, user_id=user_id))


# ---- import ------------------------------------------------------------------------------


def import_jobs(
    *,
    db_session: Session,
    user_id: str,
    document: ImportDocument,
    dry_run: bool,
    max_jobs: int | None = None,
    max_events: int | None = None,
) -> ImportResult:
    """Create the document's jobs and events, all or nothing; duplicates are skipped. A 409
    (also for a dry run) when the new jobs would take the user past `max_jobs`."""
    planned, problems = replay.plan(document, max_events=max_events)
    if problems:
        raise ImportInvalid(problems)
    if not dry_run:
        # The user's job lock (until the transaction ends): two imports of the same file sent
        # at once cannot both miss each other's jobs as duplicates, and the count below is
        # exact against concurrent creates too.
        limits_service.lock_user_jobs(db_session, user_id)
    existing = db_session.execute(
        select(TrackedJob.company, TrackedJob.title, TrackedJob.job_url).where(
            TrackedJob.user_id == user_id
        )
    ).all()
    fresh, skipped = replay.without_duplicates(
        planned, (replay.duplicate_key(*row) for row in existing)
    )
    if max_jobs is not None and fresh:
        # Every one of the user's jobs is a row above: the count costs no statement.
        limits_service.ensure_room_for_import(
            existing=len(existing), adding=len(fresh), limit=max_jobs
        )
    if dry_run or not fresh:
        return ImportResult(created=len(fresh), skipped_duplicates=skipped, job_ids=[])

    now = utcnow()
    # One INSERT for the jobs; the ids come back in the order of the rows given.
    job_ids = db_session.scalars(
        insert(TrackedJob).returning(TrackedJob.id, sort_by_parameter_order=True),
        [
            {
                "user_id": user_id,
                "company": job.company,
                "title": job.title,
                "job_url": job.job_url,
                "stage": job.stage,
                "notes": job.notes,
                "priority": job.priority,
                "tags": job.tags,
                "created_at": job.created_at or now,
                "updated_at": now,
            }
            for job in fresh
        ],
    ).all()
    event_rows = [
        {
            "job_id": job_id,
            "user_id": user_id,
            "event_type": event.event_type,
            "event_date": event.event_date,
            "event_time": event.event_time,
            "location": event.location,
            "note": event.note,
            "created_at": now,
            "updated_at": now,
        }
        for job_id, job in zip(job_ids, fresh, strict=True)
        for event in job.events
    ]
    if event_rows:
        # Ordered by the rows given, so ids (the sequence order) follow each job's history.
        db_session.execute(
            insert(TrackingEvent).returning(TrackingEvent.id, sort_by_parameter_order=True),
            event_rows,
        )
    return ImportResult(created=len(fresh), skipped_duplicates=skipped, job_ids=list(job_ids))
