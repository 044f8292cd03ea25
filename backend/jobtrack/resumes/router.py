"""Resume routes: the file goes straight between the browser and S3, never through the API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from jobtrack.auth.dependencies import CurrentUser
from jobtrack.limits.rules import UPLOAD_REFUSAL, default_of
from jobtrack.platform.aws.object_store import ObjectStoreDep
from jobtrack.platform.blocking import BlockingRoute
from jobtrack.platform.db.session import SessionDep
from jobtrack.platform.http.dependencies import AppSettings
from jobtrack.platform.http.responses import errors, refusal
from jobtrack.resumes import service
from jobtrack.resumes.constants import RESUME_MAX_BYTES
from jobtrack.resumes.schemas import (
    FILENAME_MAX_CHARS,
    Disposition,
    ResumeConfirm,
    ResumeDownloadRead,
    ResumeFilename,
    ResumeSize,
    ResumeUploadRead,
)
from jobtrack.tracking import serialize
from jobtrack.tracking.dependencies import JobId
from jobtrack.tracking.schemas import TrackedJobRead

router = APIRouter(
    prefix="/api/tracked/{job_id}/resume", tags=["resumes"], route_class=BlockingRoute
)


@router.get(
    "/upload-url",
    response_model=ResumeUploadRead,
    responses={
        **errors(401, 404, 409, 429),
        **refusal(429, UPLOAD_REFUSAL.format(default_of("max_upload_urls_per_hour"))),
    },
)
def create_upload_url(
    db_session: SessionDep,
    user_id: CurrentUser,
    settings: AppSettings,
    job_id: JobId,
    store: ObjectStoreDep,
    filename: Annotated[
        ResumeFilename,
        Query(
            description=f"The file's name: ends in .pdf, at most {FILENAME_MAX_CHARS} characters.",
            max_length=4 * FILENAME_MAX_CHARS,
        ),
    ],
    size: Annotated[
        ResumeSize,
        Query(
            description="The file's exact size in bytes; the URL accepts only that many.",
            json_schema_extra={"minimum": 1, "maximum": RESUME_MAX_BYTES},
        ),
    ],
) -> Response:
    """A presigned PUT (300 s) for one PDF of exactly `size` bytes; then call confirm."""
    # `filename` is validated so a bad name fails before the upload; confirm records the name.
    # The answer is bytes (no response validation); response_model documents it.
    body = service.create_upload(
        db_session=db_session,
        store=store,
        user_id=user_id,
        job_id=job_id,
        size=size,
        per_hour=settings.max_upload_urls_per_hour,
    )
    return Response(body, media_type="application/json")


@router.post("/confirm", response_model=TrackedJobRead, responses=errors(401, 404, 409, 413))
def confirm_upload(
    db_session: SessionDep,
    user_id: CurrentUser,
    job_id: JobId,
    store: ObjectStoreDep,
    confirm_in: ResumeConfirm,
) -> Response:
    """Check the uploaded file (exists, at most 5 MiB, a PDF) and keep it as the job's resume."""
    job = service.confirm_upload(
        db_session=db_session,
        store=store,
        user_id=user_id,
        job_id=job_id,
        confirm_in=confirm_in,
    )
    return Response(serialize.job_json(job, job.events).body, media_type="application/json")


@router.get("/url", response_model=ResumeDownloadRead, responses=errors(401, 404))
def resume_url(
    db_session: SessionDep,
    user_id: CurrentUser,
    job_id: JobId,
    store: ObjectStoreDep,
    disposition: Annotated[
        Disposition,
        Query(description="`inline` to view the PDF in the browser, `attachment` to save it."),
    ] = "inline",
) -> ResumeDownloadRead:
    """A presigned GET (300 s) for the resume: `inline` to view it, `attachment` to save it."""
    return service.download_url(
        db_session=db_session,
        store=store,
        user_id=user_id,
        job_id=job_id,
        disposition=disposition,
    )
