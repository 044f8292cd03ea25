"""Library routes: files go straight between the browser and S3, never through the API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from jobtrack.auth.dependencies import CurrentUser
from jobtrack.documents import service
from jobtrack.documents.keys import Disposition
from jobtrack.documents.schemas import (
    MAX_DOCUMENTS_PER_USER,
    DocumentCreate,
    DocumentDownloadRead,
    DocumentPage,
    DocumentRead,
    DocumentUpdate,
    DocumentUploadCreate,
    DocumentUploadRead,
    JobDocumentsPut,
)
from jobtrack.limits.rules import UPLOAD_REFUSAL, default_of
from jobtrack.platform.aws.object_store import ObjectStoreDep
from jobtrack.platform.blocking import BlockingRoute
from jobtrack.platform.db.session import SessionDep
from jobtrack.platform.http.dependencies import AppSettings
from jobtrack.platform.http.responses import errors, refusal
from jobtrack.tracking.dependencies import MAX_ID, JobId
from jobtrack.tracking.schemas import TrackedJobRead

router = APIRouter(tags=["documents"], route_class=BlockingRoute)

DocumentId = Annotated[int, Path(ge=1, le=MAX_ID, description="The document's id.")]
_FULL = f"Your library already keeps {MAX_DOCUMENTS_PER_USER} documents, the most it can hold."


@router.get("/api/documents", response_model=DocumentPage, responses=errors(401))
def list_documents(db_session: SessionDep, user_id: CurrentUser) -> DocumentPage:
    """The caller's library, newest first, each with the jobs it was sent to."""
    return DocumentPage(items=service.list_documents(db_session=db_session, user_id=user_id))


@router.post(
    "/api/documents/upload-url",
    response_model=DocumentUploadRead,
    responses={
        **errors(401, 429),
        **refusal(429, UPLOAD_REFUSAL.format(default_of("max_upload_urls_per_hour"))),
    },
)
def create_upload_url(
    db_session: SessionDep,
    user_id: CurrentUser,
    settings: AppSettings,
    store: ObjectStoreDep,
    upload_in: DocumentUploadCreate,
) -> Response:
    """A presigned PUT (300 s) for one PDF, DOCX or text file of exactly `size` bytes; then
    `POST /api/documents` with its key."""
    body = service.create_upload(
        db_session=db_session,
        store=store,
        user_id=user_id,
        upload_in=upload_in,
        per_hour=settings.max_upload_urls_per_hour,
    )
    return Response(body, media_type="application/json")


@router.post(
    "/api/documents",
    response_model=DocumentRead,
    status_code=status.HTTP_201_CREATED,
    responses={**errors(401, 409), **refusal(409, _FULL)},
)
def create_document(
    db_session: SessionDep,
    user_id: CurrentUser,
    store: ObjectStoreDep,
    document_in: DocumentCreate,
) -> DocumentRead:
    """Check the uploaded file (exists, at most 10 MiB, what its type says) and keep it."""
    return service.create_document(
        db_session=db_session, store=store, user_id=user_id, document_in=document_in
    )


@router.patch(
    "/api/documents/{document_id:int}", response_model=DocumentRead, responses=errors(401, 404)
)
def update_document(
    db_session: SessionDep,
    user_id: CurrentUser,
    document_id: DocumentId,
    document_in: DocumentUpdate,
) -> DocumentRead:
    """Rename a document or change its kind."""
    return service.update_document(
        db_session=db_session, user_id=user_id, document_id=document_id, document_in=document_in
    )


@router.delete(
    "/api/documents/{document_id:int}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=errors(401, 404, 409),
)
def delete_document(
    db_session: SessionDep, user_id: CurrentUser, store: ObjectStoreDep, document_id: DocumentId
) -> Response:
    """Delete a document: it leaves its jobs (a job whose resume it was has none after), and
    the file is deleted."""
    service.delete_document(
        db_session=db_session, store=store, user_id=user_id, document_id=document_id
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/api/documents/{document_id}/url",
    response_model=DocumentDownloadRead,
    responses=errors(401, 404),
)
def document_url(
    db_session: SessionDep,
    user_id: CurrentUser,
    store: ObjectStoreDep,
    document_id: DocumentId,
    disposition: Annotated[
        Disposition,
        Query(description="`inline` to view it in the browser, `attachment` to save it."),
    ] = "inline",
) -> DocumentDownloadRead:
    """A presigned GET (300 s) for the document."""
    return service.download_url(
        db_session=db_session,
        store=store,
        user_id=user_id,
        document_id=document_id,
        disposition=disposition,
    )


@router.put(
    "/api/tracked/{job_id}/documents",
    response_model=TrackedJobRead,
    responses=errors(401, 404, 409),
)
def set_job_documents(
    db_session: SessionDep, user_id: CurrentUser, job_id: JobId, body: JobDocumentsPut
) -> Response:
    """Attach exactly these library versions to the job, in this order (409 while it is
    rejected or withdrawn)."""
    job = service.set_job_documents(
        db_session=db_session, user_id=user_id, job_id=job_id, document_ids=body.document_ids
    )
    return Response(job.body, media_type="application/json")
