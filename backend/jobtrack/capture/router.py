"""The capture route: a page's URL and HTML in, the posting and its possible duplicates out."""

from __future__ import annotations

from fastapi import APIRouter

from jobtrack.auth.dependencies import CurrentUser
from jobtrack.capture import service
from jobtrack.capture.schemas import CaptureIn, CaptureRead
from jobtrack.platform.blocking import BlockingRoute
from jobtrack.platform.db.session import SessionDep
from jobtrack.platform.http.responses import ErrorBody, errors

router = APIRouter(prefix="/api/capture", tags=["capture"], route_class=BlockingRoute)


@router.post(
    "",
    response_model=CaptureRead,
    responses={
        **errors(401, 413),
        413: {"model": ErrorBody, "description": "The request body is larger than 1 MiB."},
    },
)
def capture_posting(
    db_session: SessionDep, user_id: CurrentUser, capture_in: CaptureIn
) -> CaptureRead:
    """Read a posting out of a page the browser sends (the API never fetches the URL): JSON-LD,
    then microdata, then the page's meta data. Writes nothing; duplicates are only reported."""
    found = service.capture(
        db_session=db_session, user_id=user_id, url=capture_in.url, page=capture_in.html
    )
    return CaptureRead.model_validate(found)
