"""Export (at most three statements whatever the number of jobs, a row per job streamed) and import (validate everything, then
write in bulk). Services only flush: the request's unit of work commits or rolls back, so an
import that fails anywhere writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from jobtrack.contacts.schemas import MAX_CONTACTS_PER_USER
from jobtrack.limits import rules
from jobtrack.limits import service as limits_service
from jobtrack.platform.errors import Conflict
from jobtrack.portability import export, export_sql, people, replay
from jobtrack.portability.exceptions import ImportInvalid
from jobtrack.portability.schemas import ImportDocument, ImportResult, PossibleDuplicate
from jobtrack.tracking import duplicates, posting_rows
from jobtrack.tracking.models import (
    Contact,
    JobContact,
    JobPosting,
    TrackedJob,
    TrackingEvent,
    utcnow,
)
from jobtrack.tracking.schemas import Duplicate

# ---- export ------------------------------------------------------------------------------


# Job rows per round trip of an export (each with its events: up to ~30 KB of text a job).
JOBS_PER_FETCH = 100


def _stream(db_session: Session, statement: Any, user_id: str) -> Iterator[Any]:
    """The rows of an export statement, fetched a few at a time, never all held at once."""
    rows = db_session.execute(
        statement.execution_options(yield_per=JOBS_PER_FETCH), {"user_id": user_id}
    )
    try:
        yield from rows
    finally:
        rows.close()


def export_json(*, db_session: Session, user_id: str, exported_at: dt.datetime) -> Iterator[bytes]:
    """Every job and contact of the caller as the export document, in pieces (a job each):
    three statements (contacts, the jobs' people, the jobs with their events)."""
    contacts = db_session.execute(
        select(
            Contact.id,
            Contact.name,
            Contact.role,
            Contact.email,
            Contact.phone,
            Contact.linkedin_url,
            Contact.note,
        )
        .where(Contact.user_id == user_id)
        .order_by(func.lower(Contact.name), Contact.id)
    ).all()
    attached: dict[int, list[int]] = {}
    for job_id, contact_id in db_session.execute(
        select(JobContact.job_id, JobContact.contact_id)
        .join(Contact, Contact.id == JobContact.contact_id)
        .where(Contact.user_id == user_id)
        .order_by(JobContact.job_id, JobContact.position)
    ).all():
        attached.setdefault(job_id, []).append(contact_id)
    return export.document_chunks(
        _stream(db_session, export_sql.JOBS_WITH_EVENTS, user_id),
        exported_at=exported_at,
        contact_rows=contacts,
        attached=attached,
    )


def export_csv(*, db_session: Session, user_id: str) -> Iterator[str]:
    """Every job of the caller as one CSV row each, in pieces: one statement."""
    return export.csv_chunks(_stream(db_session, export_sql.JOBS_FOR_CSV, user_id))


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
    problems += people.reference_problems(document)
    if problems:
        raise ImportInvalid(problems)
    if not dry_run:
        # The user's job lock (until the transaction ends): two imports of the same file sent
        # at once cannot both miss each other's jobs as duplicates, and the count below is
        # exact against concurrent creates too.
        limits_service.lock_user_jobs(db_session, user_id)
    existing = db_session.execute(
        select(
            TrackedJob.company,
            TrackedJob.title,
            TrackedJob.job_url,
            TrackedJob.id,
            TrackedJob.stage,
        ).where(TrackedJob.user_id == user_id)
    ).all()
    fresh, skipped = replay.without_duplicates(
        planned, (replay.duplicate_key(*row[:3]) for row in existing)
    )
    if max_jobs is not None and fresh:
        # Every one of the user's jobs is a row above: the count costs no statement.
        limits_service.ensure_room_for_import(
            existing=len(existing), adding=len(fresh), limit=max_jobs
        )
    contact_ids = _contacts(
        db_session=db_session, user_id=user_id, document=document, dry_run=dry_run
    )
    contacts_created = sum(contact_id is None for contact_id in contact_ids)
    if dry_run or not fresh:
        if not dry_run:
            _create_contacts(db_session, user_id, document, contact_ids)
        return ImportResult(
            created=len(fresh),
            skipped_duplicates=skipped,
            job_ids=[],
            contacts_created=contacts_created,
            possible_duplicates=(
                _possible_duplicates(db_session, user_id, planned, fresh, existing)
                if dry_run
                else []
            ),
        )

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
            "inferred": event.inferred,
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
    postings = [
        {"job_id": job_id, "user_id": user_id, **posting_rows.posting_values(job.posting)}
        for job_id, job in zip(job_ids, fresh, strict=True)
        if job.posting is not None
    ]
    if postings:
        # One INSERT for every imported posting, each description made safe again.
        db_session.execute(insert(JobPosting), postings)
    if document.contacts:
        ids = _create_contacts(db_session, user_id, document, contact_ids)
        attached = [
            {"job_id": job_id, "contact_id": ids[at], "position": position}
            for job_id, job in zip(job_ids, fresh, strict=True)
            for position, at in enumerate(job.contacts)
        ]
        if attached:
            db_session.execute(insert(JobContact), attached)
    return ImportResult(
        created=len(fresh),
        skipped_duplicates=skipped,
        job_ids=list(job_ids),
        contacts_created=contacts_created,
    )


def _possible_duplicates(
    db_session: Session,
    user_id: str,
    planned: Sequence[replay.PlannedJob],
    fresh: Sequence[replay.PlannedJob],
    existing: Sequence[Any],
) -> list[PossibleDuplicate]:
    """The jobs a dry run would create that look like jobs the caller already tracks (the same
    canonical URL, or the same company with a similar title), by document index."""
    creating = {id(job) for job in fresh}
    indexes = [at for at, job in enumerate(planned) if id(job) in creating]
    found = duplicates.import_duplicates(
        db_session=db_session,
        user_id=user_id,
        existing=existing,
        incoming=[(planned[at].company, planned[at].title, planned[at].job_url) for at in indexes],
    )
    return [
        PossibleDuplicate(index=indexes[at], jobs=[Duplicate(**job) for job in jobs])
        for at, jobs in found.items()
    ]


def _contacts(
    *, db_session: Session, user_id: str, document: ImportDocument, dry_run: bool
) -> list[int | None]:
    """Each document contact's id when the caller already has it, else None (to create); a
    409 (also for a dry run) when the new ones would pass the per-user limit. No statement
    for a document without contacts."""
    if not document.contacts:
        return []
    if not dry_run:
        # Under the user's contact lock, as for a create: the count below stays exact.
        limits_service.lock_user_contacts(db_session, user_id)
    existing = db_session.execute(
        select(Contact.id, Contact.name, Contact.email)
        .where(Contact.user_id == user_id)
        .order_by(Contact.id)
    ).all()
    ids = people.matched(document.contacts, existing)
    adding = sum(contact_id is None for contact_id in ids)
    if adding and len(existing) + adding > MAX_CONTACTS_PER_USER:
        raise Conflict(
            rules.contacts_message(MAX_CONTACTS_PER_USER, existing=len(existing), adding=adding)
        )
    return ids


def _create_contacts(
    db_session: Session, user_id: str, document: ImportDocument, ids: list[int | None]
) -> list[int]:
    """Insert the document's new contacts in one statement; every document contact's id."""
    new = [c for c, contact_id in zip(document.contacts, ids, strict=True) if contact_id is None]
    if not new:
        return [contact_id for contact_id in ids if contact_id is not None]
    now = utcnow()
    created = iter(
        db_session.scalars(
            insert(Contact).returning(Contact.id, sort_by_parameter_order=True),
            [
                {
                    "user_id": user_id,
                    **contact.model_dump(),
                    "created_at": now,
                    "updated_at": now,
                }
                for contact in new
            ],
        ).all()
    )
    return [contact_id if contact_id is not None else next(created) for contact_id in ids]
