"""The reference the fast paths are compared with: a job read the plain way, every value
validated by the model and stored notes read leniently (tests/integration/test_list_bytes.py,
test_write_bytes.py)."""

from __future__ import annotations

from typing import Any

from jobtrack.tracking import notes as notes_models
from jobtrack.tracking.models import TrackedJob
from jobtrack.tracking.schemas import TrackedJobRead, TrackingEventRead
from jobtrack.tracking.stages import EventType


def read_note(event_type: EventType, data: Any) -> dict[str, Any]:
    """A stored note as the models read it: every field of its model, JSON-ready."""
    return notes_models.lenient_parse(notes_models.NOTE_MODELS[event_type], data).model_dump(
        mode="json"
    )


def validated_job_read(job: TrackedJob) -> TrackedJobRead:
    """`job` (its events loaded) as `TrackedJobRead`, filled the validating way."""
    return TrackedJobRead(
        id=job.id,
        company=job.company,
        title=job.title,
        job_url=job.job_url,
        stage=job.stage,
        notes=notes_models.lenient_parse(notes_models.JobNotesRead, job.notes),
        priority=job.priority,
        tags=job.tags,
        has_resume=job.resume_key is not None,
        has_posting=job.has_posting,  # type: ignore[attr-defined]
        events=[
            TrackingEventRead(
                id=e.id,
                event_type=e.event_type,
                event_date=e.event_date,
                event_time=e.event_time,
                location=e.location,
                note=read_note(e.event_type, e.note),
                inferred=e.inferred,
                created_at=e.created_at,
                updated_at=e.updated_at,
            )
            for e in job.events
        ],
        created_at=job.created_at,
        updated_at=job.updated_at,
        posting=job.posting,  # type: ignore[attr-defined]
        contacts=job.contacts,  # type: ignore[attr-defined]
        documents=job.documents,  # type: ignore[attr-defined]
    )
