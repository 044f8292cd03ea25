"""Calendar routes: items by date, upcoming items, the subscription feed and one event's file."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response, status

from jobtrack.auth.dependencies import CurrentUser
from jobtrack.calendar import service, steps
from jobtrack.calendar.dependencies import CalendarRange, UpcomingRange, utc_today
from jobtrack.calendar.schemas import (
    CalendarRead,
    FeedCreate,
    FeedCreated,
    FeedStatus,
    TimeZoneName,
)
from jobtrack.platform.blocking import BlockingRoute
from jobtrack.platform.db.session import SessionDep
from jobtrack.platform.http.responses import errors, header
from jobtrack.tracking.dependencies import EventId, JobId

router = APIRouter(prefix="/api", tags=["calendar"], route_class=BlockingRoute)

ICS_MEDIA_TYPE = "text/calendar; charset=utf-8"
_ICS_CONTENT = {"text/calendar": {"schema": {"type": "string"}}}


def _ics_responses(*codes: int, feed: bool) -> dict[int | str, dict[str, Any]]:
    ok: dict[str, Any] = {"description": "An iCalendar (RFC 5545) file.", "content": _ICS_CONTENT}
    documented: dict[int | str, dict[str, Any]] = {200: ok}
    if feed:
        ok["headers"] = {
            "ETag": header("Strong; send it back in If-None-Match.", {"type": "string"})
        }
        documented[304] = {"description": "Not modified: the If-None-Match ETag is current."}
    return {**documented, **errors(*codes)}


def _etag(body: bytes) -> str:
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def _etag_matches(if_none_match: str | None, etag: str) -> bool:
    # If-None-Match compares weakly: W/"x" matches "x".
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags


def _feed_url(request: Request, secret: str) -> str:
    """Absolute, from the request's host and scheme (X-Forwarded-Proto behind a proxy)."""
    url = request.url_for("read_feed", secret=secret)
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    if forwarded in ("http", "https"):
        url = url.replace(scheme=forwarded)
    return str(url)


@router.get("/calendar", response_model=CalendarRead, responses=errors(401))
def read_calendar(db_session: SessionDep, user_id: CurrentUser, dates: CalendarRange) -> Any:
    """The caller's items dated from `from` to `to` (both included, at most 366 days apart):
    events, offer deadlines and start dates of jobs at every stage."""
    items, truncated = service.bounded_items(
        db_session=db_session, user_id=user_id, start=dates.start, end=dates.end, nearest=None
    )
    return service.calendar_read(items, truncated=truncated)


@router.get("/upcoming", response_model=CalendarRead, responses=errors(401))
def read_upcoming(db_session: SessionDep, user_id: CurrentUser, dates: UpcomingRange) -> Any:
    """The caller's items from `from` (default today, UTC) for `days` days, leaving out jobs
    now rejected or declined, and the deadlines of offers no longer open."""
    items, truncated = service.upcoming_items(
        db_session=db_session, user_id=user_id, start=dates.start, end=dates.end
    )
    return service.calendar_read(items, truncated=truncated)


@router.post(
    "/calendar/feed",
    response_model=FeedCreated,
    status_code=status.HTTP_201_CREATED,
    responses=errors(401, 413),
)
def create_feed(
    request: Request, db_session: SessionDep, user_id: CurrentUser, feed_in: FeedCreate
) -> FeedCreated:
    """Create the caller's calendar feed, or replace its URL (the previous one stops working at
    once), holding every step or the appointments only. The URL is shown only in this answer."""
    secret, feed = service.create_feed(
        db_session=db_session,
        user_id=user_id,
        timezone=feed_in.timezone,
        feed_steps=feed_in.steps,
    )
    return FeedCreated(
        url=_feed_url(request, secret),
        timezone=feed.timezone,
        steps=steps.read_steps(feed.steps),
        created_at=feed.created_at,
    )


@router.get(
    "/calendar/feed",
    response_model=FeedStatus,
    response_model_exclude_none=True,
    responses=errors(401),
)
def read_feed_status(db_session: SessionDep, user_id: CurrentUser) -> FeedStatus:
    """Whether the caller has a feed, with its time zone, which steps it holds and when its URL
    was made."""
    feed = service.get_feed(db_session=db_session, user_id=user_id)
    if feed is None:
        return FeedStatus(active=False)
    return FeedStatus(
        active=True,
        timezone=feed.timezone,
        steps=steps.read_steps(feed.steps),
        created_at=feed.created_at,
    )


@router.delete(
    "/calendar/feed",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=errors(401),
)
def delete_feed(db_session: SessionDep, user_id: CurrentUser) -> Response:
    """Revoke the caller's feed (also when there is none): its URL stops working."""
    service.delete_feed(db_session=db_session, user_id=user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/calendar/feed/{secret}.ics",
    response_class=Response,
    responses=_ics_responses(404, feed=True),
)
def read_feed(
    request: Request,
    db_session: SessionDep,
    secret: Annotated[str, Path(description="The secret part of the feed's URL.")],
) -> Response:
    """The feed, for calendar apps: no token, the secret in the URL is the credential. Items
    from 180 days ago to 365 days ahead, of at most 2,000 events: those nearest today (the
    calendar's `truncated` rule, nearest first); an unknown or revoked URL is a 404."""
    body = service.feed_calendar(db_session=db_session, secret=secret, today=utc_today())
    etag = _etag(body)
    if _etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
    return Response(body, media_type=ICS_MEDIA_TYPE, headers={"ETag": etag})


@router.get(
    "/tracked/{job_id}/events/{event_id}/ics",
    response_class=Response,
    responses=_ics_responses(401, 404, 409, feed=False),
)
def read_event_ics(
    db_session: SessionDep,
    user_id: CurrentUser,
    job_id: JobId,
    event_id: EventId,
    timezone: Annotated[
        TimeZoneName, Query(description="IANA time zone of the event's time; default UTC.")
    ] = "UTC",
) -> Response:
    """One event as an iCalendar file to import, with its offer deadline or start date."""
    body, filename = service.event_calendar(
        db_session=db_session,
        user_id=user_id,
        job_id=job_id,
        event_id=event_id,
        timezone=timezone,
        today=utc_today(),
    )
    return Response(
        body,
        media_type=ICS_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
