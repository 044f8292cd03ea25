"""`/api/account`: what the caller keeps here, and deleting it all."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from jobtrack.account import service
from jobtrack.account.schemas import AccountDelete, AccountRead
from jobtrack.auth.dependencies import CurrentUser
from jobtrack.platform.aws.object_store import ObjectStoreDep
from jobtrack.platform.blocking import BlockingRoute
from jobtrack.platform.db.session import SessionDep
from jobtrack.platform.http.responses import errors

router = APIRouter(tags=["account"], route_class=BlockingRoute)


@router.get("/api/account", response_model=AccountRead, responses=errors(401))
def read_account(db_session: SessionDep, user_id: CurrentUser) -> AccountRead:
    """What the caller keeps here: jobs, their steps, library documents and their bytes."""
    return service.summary(db_session=db_session, user_id=user_id)


@router.delete(
    "/api/account",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=errors(401, 422),
)
def delete_account(
    db_session: SessionDep, user_id: CurrentUser, store: ObjectStoreDep, body: AccountDelete
) -> Response:
    """Delete everything the caller keeps: every job and its steps, contacts, documents and
    their files, the calendar feed, notification settings and push subscriptions, and the
    records of recent requests. The body must be `{"confirm": "delete my data"}`, exactly.

    One unit of work: all of it or none of it. Stored files are deleted right after; one
    that cannot be deleted then is retried by the hourly cleanup until it is gone. The
    sign-in account itself is not touched (in Cognito mode the page deletes it next).
    """
    service.delete_account(db_session=db_session, store=store, user_id=user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
