"""The report's rows: one SQL statement whatever the number of jobs.

It starts from the caller's applied events dated in the range (through the events' `user_id,
event_date` index), keeps each job's first applied event (in sequence: no earlier applied event
of the same job), and reads beside it the job, its latest event's date and its first contact.
An inferred applied event (one an import created) counts like any other: its date is the
import's best date for the application.

Stored notes are read permissively: an applied note whose `type` is missing or not one of the
known values gives `how` null; a blank `referrer_name` counts as none.

The statement is built once and takes the user and the dates as bound parameters.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any, get_args

from sqlalchemy import Date, Select, String, bindparam, case, exists, func, null, select
from sqlalchemy.orm import Session, aliased

from jobtrack.report.rows import OUTCOMES
from jobtrack.report.schemas import ReportRow
from jobtrack.tracking.models import Contact, JobContact, TrackedJob, TrackingEvent
from jobtrack.tracking.notes import AppliedNote
from jobtrack.tracking.stages import EventType

APPLIED_HOWS: tuple[str, ...] = get_args(AppliedNote.model_fields["type"].annotation)


@cache
def _report_statement() -> Select[Any]:
    user_id = bindparam("user_id", type_=String)
    applied = aliased(TrackingEvent, name="applied")
    earlier = aliased(TrackingEvent, name="earlier")
    latest_date = (
        select(TrackingEvent.event_date)
        .where(TrackingEvent.job_id == TrackedJob.id)
        .order_by(TrackingEvent.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    first_contact = (
        select(Contact.name)
        .join(JobContact, JobContact.contact_id == Contact.id)
        .where(JobContact.job_id == TrackedJob.id, Contact.user_id == user_id)
        .order_by(JobContact.position, Contact.id)
        .limit(1)
        .scalar_subquery()
    )
    note_type = func.jsonb_extract_path_text(applied.note, "type")
    referrer = func.nullif(
        func.btrim(func.jsonb_extract_path_text(applied.note, "referrer_name")), ""
    )
    return (
        select(
            applied.event_date.label("applied_date"),
            TrackedJob.company,
            TrackedJob.title,
            TrackedJob.job_url,
            case((note_type.in_(APPLIED_HOWS), note_type), else_=null()).label("how"),
            func.coalesce(first_contact, referrer).label("contact"),
            TrackedJob.stage,
            latest_date.label("last_event_date"),
        )
        .join_from(applied, TrackedJob, TrackedJob.id == applied.job_id)
        .where(
            applied.user_id == user_id,
            applied.event_type == EventType.applied,
            applied.event_date.between(
                bindparam("start", type_=Date), bindparam("end", type_=Date)
            ),
            TrackedJob.user_id == user_id,
            ~exists().where(
                earlier.job_id == applied.job_id,
                earlier.event_type == EventType.applied,
                earlier.id < applied.id,
            ),
        )
        .order_by(
            applied.event_date, func.lower(TrackedJob.company), TrackedJob.company, TrackedJob.id
        )
    )


def report_rows(
    *, db_session: Session, user_id: str, start: dt.date, end: dt.date
) -> list[ReportRow]:
    """The caller's applications whose first applied event is dated from `start` to `end`."""
    result = db_session.execute(
        _report_statement(), {"user_id": user_id, "start": start, "end": end}
    )
    return [ReportRow(**row, outcome=OUTCOMES[row["stage"]]) for row in result.mappings()]
