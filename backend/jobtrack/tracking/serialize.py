"""The TrackedJob's JSON, built once for every route that answers with jobs: the list, one job,
the writes, an idempotent replay, a resume's confirmation.

A job is anything with the names of `queries.JOB_COLUMNS` (a row, or the ORM `TrackedJob`) and
an event anything with the names of `queries.EVENT_COLUMNS`; values are read by name, never by
position, and serialised in one call, without building the Pydantic models. The models stay the
reference: tests/integration/test_list_bytes.py and test_write_bytes.py prove these bytes equal
what `TrackedJobPage` and `TrackedJobRead` serialise the same data to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic_core import to_json

from jobtrack.tracking.schemas import PostingRead, Salary, hh_mm
from jobtrack.tracking.stored_notes import JOB_NOTES_READER, NOTE_READERS


@dataclass(frozen=True, slots=True)
class JobJson:
    """A job's response: its id (what an Idempotency-Key remembers) and the TrackedJob as JSON."""

    id: int
    body: bytes


def event_dict(event: Any) -> dict[str, Any]:
    """One event as the dict `TrackingEventRead` would serialise to."""
    return {
        "id": event.id,
        "event_type": event.event_type,
        "event_date": event.event_date,
        "event_time": hh_mm(event.event_time),
        "location": event.location,
        "note": NOTE_READERS[event.event_type].read(event.note),
        "inferred": event.inferred,
        "created_at": event.created_at,
        "updated_at": event.updated_at,
    }


def job_dict(job: Any, events: list[dict[str, Any]]) -> dict[str, Any]:
    """One job and its events (as `event_dict`s) as the dict `TrackedJobRead` would serialise to."""
    return {
        "id": job.id,
        "company": job.company,
        "title": job.title,
        "job_url": job.job_url,
        "stage": job.stage,
        "notes": JOB_NOTES_READER.read(job.notes),
        "priority": job.priority,
        "tags": job.tags,
        "has_resume": job.resume_key is not None,
        "has_posting": job.has_posting,
        "events": events,
        "created_at": job.created_at,
        "updated_at": job.updated_at,
    }


# `PostingRead`'s fields in its order (JSONB gives an object's keys back in its own order).
POSTING_FIELDS = tuple(PostingRead.model_fields)
SALARY_FIELDS = tuple(Salary.model_fields)


def posting_dict(posting: dict[str, Any] | None) -> dict[str, Any] | None:
    """A stored posting (`TrackedJob.posting`) as the dict `PostingRead` would serialise to."""
    if posting is None:
        return None
    body = {name: posting.get(name) for name in POSTING_FIELDS}
    if isinstance(body["salary"], dict):
        body["salary"] = {name: body["salary"].get(name) for name in SALARY_FIELDS}
    return body


def job_json(job: Any, events: Iterable[Any]) -> JobJson:
    """A job and its events, in sequence, its posting and its people (`posting`, `contacts`,
    which one job's reads carry: `queries.ONE_JOB_COLUMNS`) as the TrackedJob's JSON."""
    body = job_dict(job, [event_dict(e) for e in events])
    body["posting"] = posting_dict(job.posting)
    body["contacts"] = job.contacts
    body["documents"] = job.documents
    return JobJson(id=job.id, body=to_json(body))


def page_json(jobs: Iterable[Any], events: Iterable[Any], next_cursor: str | None) -> bytes:
    """A `TrackedJobPage` as JSON, from jobs in page order and their events (with `job_id`) in
    sequence order, in one serialisation call. List items carry no `contacts`."""
    by_job: dict[int, list[dict[str, Any]]] = {}
    for event in events:
        by_job.setdefault(event.job_id, []).append(event_dict(event))
    items = [job_dict(job, by_job.get(job.id, [])) for job in jobs]
    return to_json({"items": items, "next_cursor": next_cursor})
