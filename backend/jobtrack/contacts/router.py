"""Contact routes: a user's people, and the people attached to one of their jobs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from jobtrack.auth.dependencies import CurrentUser
from jobtrack.contacts import service
from jobtrack.contacts.schemas import (
    MAX_CONTACTS_PER_USER,
    ContactCreate,
    ContactPage,
    ContactRead,
    ContactUpdate,
    JobContactsPut,
)
from jobtrack.platform.blocking import BlockingRoute
from jobtrack.platform.db.session import SessionDep
from jobtrack.platform.http.responses import errors, refusal
from jobtrack.tracking.dependencies import MAX_ID, JobId
from jobtrack.tracking.schemas import SEARCH_MAX_CHARS, SearchText, TrackedJobRead

router = APIRouter(tags=["contacts"], route_class=BlockingRoute)

ContactId = Annotated[int, Path(ge=1, le=MAX_ID, description="The contact's id.")]


@router.get("/api/contacts", response_model=ContactPage, responses=errors(401))
def list_contacts(
    db_session: SessionDep,
    user_id: CurrentUser,
    q: Annotated[
        SearchText | None,
        Query(
            description="Case-insensitive text in the name or the email; trimmed, at most "
            f"{SEARCH_MAX_CHARS} characters; blank means every contact."
        ),
    ] = None,
) -> ContactPage:
    """The caller's contacts by name, each with the jobs it is attached to."""
    return ContactPage(
        items=service.list_contacts(db_session=db_session, user_id=user_id, q=q or None)
    )


@router.post(
    "/api/contacts",
    response_model=ContactRead,
    status_code=status.HTTP_201_CREATED,
    responses={
        **errors(401, 409),
        **refusal(409, f"The account already keeps {MAX_CONTACTS_PER_USER:,} contacts."),
    },
)
def create_contact(
    db_session: SessionDep, user_id: CurrentUser, contact_in: ContactCreate
) -> ContactRead:
    """Add a person (recruiter, hiring manager, referrer, interviewer or other)."""
    return service.create_contact(db_session=db_session, user_id=user_id, contact_in=contact_in)


@router.patch("/api/contacts/{contact_id}", response_model=ContactRead, responses=errors(401, 404))
def update_contact(
    db_session: SessionDep, user_id: CurrentUser, contact_id: ContactId, contact_in: ContactUpdate
) -> ContactRead:
    """Change any of a contact's fields; null or "" clears an optional one."""
    return service.update_contact(
        db_session=db_session, user_id=user_id, contact_id=contact_id, contact_in=contact_in
    )


@router.delete(
    "/api/contacts/{contact_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=errors(401, 404),
)
def delete_contact(db_session: SessionDep, user_id: CurrentUser, contact_id: ContactId) -> Response:
    """Delete a contact; it leaves every job it was attached to."""
    service.delete_contact(db_session=db_session, user_id=user_id, contact_id=contact_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put(
    "/api/tracked/{job_id}/contacts",
    response_model=TrackedJobRead,
    responses=errors(401, 404, 409),
)
def set_job_contacts(
    db_session: SessionDep, user_id: CurrentUser, job_id: JobId, body: JobContactsPut
) -> Response:
    """Attach exactly these people to the job, in this order (409 while it is rejected or
    withdrawn)."""
    job = service.set_job_contacts(
        db_session=db_session, user_id=user_id, job_id=job_id, contact_ids=body.contact_ids
    )
    return Response(job.body, media_type="application/json")
