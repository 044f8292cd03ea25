"""Tracked-job and event routes: resolve the caller, call the service, return the TrackedJob.

Every route answers with the TrackedJob's bytes from one serialiser (`serialize.py`);
`response_model` still documents the shape in the OpenAPI document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response, status
from sqlalchemy.orm import Session

from jobtrack.auth.dependencies import CurrentUser
from jobtrack.idempotency.service import IdempotencyKeyHeader, fingerprint, run_idempotent
from jobtrack.limits.rules import EVENTS_REFUSAL, JOBS_REFUSAL, default_of
from jobtrack.platform.aws.object_store import ObjectStoreDep
from jobtrack.platform.blocking import BlockingRoute
from jobtrack.platform.db.session import SessionDep
from jobtrack.platform.errors import Conflict, NotFound
from jobtrack.platform.http.dependencies import AppSettings
from jobtrack.platform.http.responses import errors, refusal
from jobtrack.tracking import serialize, service, write_service
from jobtrack.tracking.dependencies import EventId, JobId
from jobtrack.tracking.models import TrackedJob
from jobtrack.tracking.schemas import (
    PRIORITY_MAX,
    SEARCH_MAX_CHARS,
    TAG_MAX_CHARS,
    TAGS_MAX,
    EventCreate,
    EventUpdate,
    JobCreate,
    JobUpdate,
    SearchText,
    Tag,
    TagList,
    TrackedJobPage,
    TrackedJobRead,
)
from jobtrack.tracking.serialize import JobJson
from jobtrack.tracking.stages import Stage

router = APIRouter(prefix="/api/tracked", tags=["tracked jobs"], route_class=BlockingRoute)
tags_router = APIRouter(prefix="/api/tags", tags=["tracked jobs"], route_class=BlockingRoute)


def _job_reference(job: JobJson) -> dict[str, int]:
    """What an Idempotency-Key keeps of a job response: the job's id, not a copy of it."""
    return {"job_id": job.id}


def _json(result: JobJson | Response, status_code: int = status.HTTP_200_OK) -> Response:
    """A job's bytes as the response (`response_model` documents the shape); a replayed
    idempotent request's response as it is."""
    if isinstance(result, JobJson):
        return Response(result.body, status_code=status_code, media_type="application/json")
    return result


def _recall_job(db_session: Session, user_id: str, stored: dict[str, Any]) -> bytes:
    """A retry's answer: the job as it is now; a job deleted since is a 409 that says so."""
    # Keys stored before references were kept hold the whole job response: its `id` then.
    job_id = int(stored["job_id"] if "job_id" in stored else stored["id"])
    try:
        job = service.job_json(db_session=db_session, user_id=user_id, job_id=job_id)
    except NotFound:
        raise Conflict(
            "This request was already made with this Idempotency-Key, and the job it "
            "created or changed has been deleted since; nothing was done again."
        ) from None
    return job.body


def _created_json(job: TrackedJob) -> JobJson:
    """A job just created (it has no events yet) as the TrackedJob's JSON."""
    return serialize.job_json(job, job.events)


def _job_write(
    *,
    db_session: Session,
    user_id: str,
    key: str | None,
    request_fingerprint: str,
    status_code: int,
    write: Callable[[], JobJson],
) -> Response:
    """A write answered with its job, done once per Idempotency-Key: the key keeps the job's
    id, and a retry answers the job as it is now."""
    return _json(
        run_idempotent(
            db_session=db_session,
            user_id=user_id,
            key=key,
            request_fingerprint=request_fingerprint,
            status_code=status_code,
            write=write,
            remember=_job_reference,
            recall=lambda stored: _recall_job(db_session, user_id, stored),
        ),
        status_code,
    )


@router.get("", response_model=TrackedJobPage, responses=errors(401))
def list_tracked(
    db_session: SessionDep,
    user_id: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=500, description="Jobs per page.")] = 100,
    cursor: Annotated[
        str | None,
        Query(
            max_length=serialize.CURSOR_MAX_CHARS,
            description="The previous page's `next_cursor`; leave it out for the first page.",
        ),
    ] = None,
    stage: Annotated[
        list[Stage] | None,
        Query(description="Only jobs at one of these stages; repeat it for several."),
    ] = None,
    active: Annotated[
        bool, Query(description="true: only jobs not accepted, declined or rejected.")
    ] = False,
    q: Annotated[
        SearchText | None,
        Query(
            description="Case-insensitive text in the company or the title; trimmed, at most "
            f"{SEARCH_MAX_CHARS} characters; blank means no filter. `%` and `_` match "
            "themselves."
        ),
    ] = None,
    tag: Annotated[
        list[Tag] | None,
        Query(
            max_length=TAGS_MAX,
            description="Only jobs having every one of these tags, ignoring case; repeat it "
            f"for several (at most {TAGS_MAX}, each 1 to {TAG_MAX_CHARS} characters once "
            "trimmed).",
        ),
    ] = None,
    priority_min: Annotated[
        int,
        Query(
            ge=0,
            le=PRIORITY_MAX,
            description=f"Only jobs of at least this priority (0 to {PRIORITY_MAX}; 0: all).",
        ),
    ] = 0,
) -> Response:
    """The caller's tracked jobs, newest update first; filters combine."""
    # Serialised straight from the rows (the hot path); response_model documents the shape.
    body = service.list_jobs_json(
        db_session=db_session,
        user_id=user_id,
        limit=limit,
        cursor=cursor,
        stage=stage or (),
        active=active,
        q=q or None,
        tags=tag or (),
        priority_min=priority_min,
    )
    return Response(body, media_type="application/json")


@router.post(
    "",
    response_model=TrackedJobRead,
    status_code=status.HTTP_201_CREATED,
    responses={
        **errors(401, 409, 413),
        **refusal(409, JOBS_REFUSAL.format(default_of("max_jobs_per_user"))),
    },
)
def create_tracked(
    db_session: SessionDep,
    user_id: CurrentUser,
    settings: AppSettings,
    job_in: JobCreate,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    """Start tracking a job (stage `saved`, no events); 409 once the account has 5,000."""
    return _job_write(
        db_session=db_session,
        user_id=user_id,
        key=idempotency_key,
        request_fingerprint=fingerprint("POST /api/tracked", job_in),
        status_code=status.HTTP_201_CREATED,
        write=lambda: _created_json(
            service.create_job(
                db_session=db_session,
                user_id=user_id,
                job_in=job_in,
                max_jobs=settings.max_jobs_per_user,
            )
        ),
    )


@router.get("/{job_id}", response_model=TrackedJobRead, responses=errors(401, 404))
def get_tracked(db_session: SessionDep, user_id: CurrentUser, job_id: JobId) -> Response:
    """One tracked job with its events."""
    return _json(service.job_json(db_session=db_session, user_id=user_id, job_id=job_id))


@router.patch("/{job_id}", response_model=TrackedJobRead, responses=errors(401, 404, 409, 413))
def update_tracked(
    db_session: SessionDep,
    user_id: CurrentUser,
    job_id: JobId,
    job_in: JobUpdate,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    """Change company, title, URL, priority, tags (replaced whole) or notes (merged key by
    key; null clears a key)."""
    return _job_write(
        db_session=db_session,
        user_id=user_id,
        key=idempotency_key,
        request_fingerprint=fingerprint(f"PATCH /api/tracked/{job_id}", job_in, partial=True),
        status_code=status.HTTP_200_OK,
        write=lambda: write_service.update_job(
            db_session=db_session, user_id=user_id, job_id=job_id, job_in=job_in
        ),
    )


@router.delete(
    "/{job_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=errors(401, 404),
)
def delete_tracked(
    db_session: SessionDep, user_id: CurrentUser, job_id: JobId, store: ObjectStoreDep
) -> Response:
    """Stop tracking a job: its events and its resume go too."""
    service.delete_job(db_session=db_session, store=store, user_id=user_id, job_id=job_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{job_id}/events",
    response_model=TrackedJobRead,
    status_code=status.HTTP_201_CREATED,
    responses={
        **errors(401, 404, 409, 413),
        **refusal(409, EVENTS_REFUSAL.format(default_of("max_events_per_job"))),
    },
)
def create_event(
    db_session: SessionDep,
    user_id: CurrentUser,
    settings: AppSettings,
    job_id: JobId,
    event_in: Annotated[EventCreate, Body()],
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    """Record a step; the job's stage becomes the event's type."""
    return _job_write(
        db_session=db_session,
        user_id=user_id,
        key=idempotency_key,
        request_fingerprint=fingerprint(f"POST /api/tracked/{job_id}/events", event_in),
        status_code=status.HTTP_201_CREATED,
        write=lambda: write_service.create_event(
            db_session=db_session,
            user_id=user_id,
            job_id=job_id,
            event_in=event_in,
            max_events=settings.max_events_per_job,
        ),
    )


@router.patch(
    "/{job_id}/events/{event_id}",
    response_model=TrackedJobRead,
    responses=errors(401, 404, 409, 413),
)
def update_event(
    db_session: SessionDep,
    user_id: CurrentUser,
    job_id: JobId,
    event_id: EventId,
    event_in: EventUpdate,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    """Edit an event's date, time, location or note."""
    return _job_write(
        db_session=db_session,
        user_id=user_id,
        key=idempotency_key,
        request_fingerprint=fingerprint(
            f"PATCH /api/tracked/{job_id}/events/{event_id}", event_in, partial=True
        ),
        status_code=status.HTTP_200_OK,
        write=lambda: write_service.update_event(
            db_session=db_session,
            user_id=user_id,
            job_id=job_id,
            event_id=event_id,
            event_in=event_in,
        ),
    )


@router.delete(
    "/{job_id}/events/{event_id}", response_model=TrackedJobRead, responses=errors(401, 404, 409)
)
def delete_event(
    db_session: SessionDep, user_id: CurrentUser, job_id: JobId, event_id: EventId
) -> Response:
    """Delete the latest event (this is how every undo works); the stage rolls back."""
    return _json(
        write_service.delete_event(
            db_session=db_session, user_id=user_id, job_id=job_id, event_id=event_id
        )
    )


@tags_router.get("", response_model=TagList, responses=errors(401))
def list_tags(db_session: SessionDep, user_id: CurrentUser) -> TagList:
    """The caller's tags with how many jobs have each, most used first, then by tag."""
    return TagList(items=service.tag_counts(db_session=db_session, user_id=user_id))
