"""Plan an import without touching the database: replay each job's events through the stage
and round rules (`tracking.stages`) exactly as the API applies them to new events, and tell
duplicates apart. Pure, so every rule is unit-tested without PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from jobtrack.limits import rules as limits_rules
from jobtrack.portability.exceptions import Problem
from jobtrack.portability.schemas import ImportDocument, ImportJob
from jobtrack.tracking import stages
from jobtrack.tracking.schemas import PostingIn
from jobtrack.tracking.stages import EventType, Stage

DuplicateKey = tuple[str, str, str]


def duplicate_key(company: str, title: str, job_url: str | None) -> DuplicateKey:
    """Company, title and URL, trimmed and case-folded: two jobs with equal keys are one job."""
    return (
        company.strip().casefold(),
        title.strip().casefold(),
        (job_url or "").strip().casefold(),
    )


@dataclass(frozen=True)
class PlannedEvent:
    event_type: EventType
    event_date: dt.date
    event_time: dt.time | None
    location: str | None
    note: dict[str, Any]
    inferred: bool = False


@dataclass(frozen=True)
class PlannedJob:
    company: str
    title: str
    job_url: str | None
    notes: dict[str, Any]
    created_at: dt.datetime | None
    stage: Stage
    priority: int = 0
    tags: list[str] = field(default_factory=list)
    events: list[PlannedEvent] = field(default_factory=list)
    contacts: tuple[int, ...] = ()  # positions in the document's `contacts`
    posting: PostingIn | None = None  # made safe when it is written

    @property
    def key(self) -> DuplicateKey:
        return duplicate_key(self.company, self.title, self.job_url)


def _replay_job(index: int, job: ImportJob, max_events: int | None) -> PlannedJob | Problem:
    """The job as the API would have built it event by event, or the first event it refuses."""
    if max_events is not None and len(job.events) > max_events:
        msg = limits_rules.import_events_message(max_events)
        return Problem(("jobs", index, "events"), msg, "too_many_events")
    stage = Stage.saved
    rounds: set[int] = set()
    events = []
    for position, event in enumerate(job.events):
        at: tuple[str | int, ...] = ("jobs", index, "events", position)
        event_type = EventType(event.event_type)
        reason = stages.transition_error(stage, event_type)
        if reason is not None:
            return Problem((*at, "event_type"), reason, "stage_rule")
        note = event.note.model_dump(mode="json", exclude_none=True)
        if event_type is stages.ROUND_EVENT:
            key = stages.ROUND_FIELD
            if note.get(key) is None:
                note[key] = stages.next_round(rounds)
            elif (reason := stages.round_error(note[key], rounds)) is not None:
                return Problem((*at, "note", key), reason, "round_taken")
            rounds.add(note[key])
        inferred = bool(getattr(event, "inferred", False))
        events.append(
            PlannedEvent(
                event_type, event.event_date, event.event_time, event.location, note, inferred
            )
        )
        stage = Stage(event_type.value)
    # resume_filename is dropped: no file comes with the document, and only a confirmed upload
    # may name the job's resume.
    notes = (
        job.notes.model_dump(exclude_none=True, exclude={"resume_filename"}) if job.notes else {}
    )
    return PlannedJob(
        company=job.company,
        title=job.title,
        job_url=job.job_url,
        notes=notes,
        created_at=job.created_at,
        stage=stages.stage_after([e.event_type for e in events]),
        priority=job.priority,
        tags=job.tags,
        events=events,
        contacts=tuple(job.contacts),
        posting=job.posting,
    )


def plan(
    document: ImportDocument, *, max_events: int | None = None
) -> tuple[list[PlannedJob], list[Problem]]:
    """Every job replayed, in document order, and every job the rules refuse (one problem each):
    also one with more than `max_events` events, the most a job may keep."""
    planned: list[PlannedJob] = []
    problems: list[Problem] = []
    for index, job in enumerate(document.jobs):
        result = _replay_job(index, job, max_events)
        if isinstance(result, Problem):
            problems.append(result)
        else:
            planned.append(result)
    return planned, problems


def without_duplicates(
    planned: Iterable[PlannedJob], existing: Iterable[DuplicateKey]
) -> tuple[list[PlannedJob], int]:
    """The jobs to create (neither the caller's already nor an earlier job's of the document),
    and how many were skipped."""
    seen = set(existing)
    fresh = []
    skipped = 0
    for job in planned:
        if job.key in seen:
            skipped += 1
            continue
        seen.add(job.key)
        fresh.append(job)
    return fresh, skipped
