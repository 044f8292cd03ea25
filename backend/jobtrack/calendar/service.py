"""Calendar and upcoming items, and the calendar feed a user subscribes to.

Services only flush (here: reads, and one upsert or delete of a feed row); the request's unit
of work commits. A feed's secret exists only in the URL handed to its owner: the table keeps a
SHA-256 hash of it, and a feed is found by that hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from jobtrack.calendar import ics, ics_fast, read, steps
from jobtrack.calendar.models import CalendarFeed
from jobtrack.calendar.read import CalendarItem
from jobtrack.calendar.schemas import (
    MAX_EVENTS,
    CalendarItemRead,
    CalendarRead,
    FeedSteps,
    timezone_names,
)
from jobtrack.platform.errors import Conflict, NotFound
from jobtrack.tracking import queries as tracking_queries

FEED_NOT_FOUND = "Calendar feed not found."
INFERRED_NO_DATE = (
    "This step's date is not known (an import inferred it); set its date to add it to a calendar."
)
# secrets.token_urlsafe(32): 43 URL-safe characters carrying 256 random bits.
SECRET_BYTES = 32
_SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{32,128}")
FALLBACK_TIMEZONE = "UTC"


# ---- items -------------------------------------------------------------------------------


def bounded_items(
    *, db_session: Session, user_id: str, start: dt.date, end: dt.date, nearest: dt.date | None
) -> tuple[list[CalendarItem], bool]:
    """The user's items dated in [start, end], every stage, in calendar order, from at most
    `MAX_EVENTS` events: the earliest, or with `nearest` those dated nearest that day; and
    whether the range held more (two statements: the events, then their jobs and the saved
    jobs whose posting closes in the range)."""
    statement = read.EARLIEST_EVENTS_IN_RANGE if nearest is None else read.NEAREST_EVENTS_IN_RANGE
    params = {
        **read.range_params(user_id=user_id, start=start, end=end),
        "max_events": MAX_EVENTS + 1,
        "nearest": nearest,
    }
    events = db_session.execute(statement, params).all()
    truncated = len(events) > MAX_EVENTS
    return _items(db_session, user_id, events[:MAX_EVENTS], start, end), truncated


def _items(
    db_session: Session, user_id: str, events: Sequence[Row[Any]], start: dt.date, end: dt.date
) -> list[CalendarItem]:
    """The items of `events` in [start, end], with their jobs' and the apply-by dates."""
    jobs = db_session.execute(
        read.JOBS_BY_ID,
        {
            "user_id": user_id,
            "job_ids": sorted({event.job_id for event in events}),
            "start": start,
            "end": end,
        },
    ).all()
    return read.items_between(events, jobs, start, end)


def upcoming_items(
    *, db_session: Session, user_id: str, start: dt.date, end: dt.date
) -> tuple[list[CalendarItem], bool]:
    """The items in [start, end] still ahead: none of jobs now rejected or declined, and no
    offer deadline of a job no longer at offer; and whether the range held more events than
    `MAX_EVENTS` (then only the earliest are read)."""
    items, truncated = bounded_items(
        db_session=db_session, user_id=user_id, start=start, end=end, nearest=None
    )
    return read.upcoming(items), truncated


def calendar_read(items: Sequence[CalendarItem], *, truncated: bool = False) -> CalendarRead:
    """The items as the API returns them (built without validation: every value is typed)."""
    return CalendarRead.model_construct(
        truncated=truncated,
        items=[
            CalendarItemRead.model_construct(
                kind=item.kind,
                date=item.date,
                time=item.time,
                job_id=item.job_id,
                company=item.company,
                title=item.title,
                stage=item.stage,
                event_id=item.event_id,
                event_type=item.event_type,
                label=item.label,
                location=item.location,
            )
            for item in items
        ],
    )


# ---- feeds -------------------------------------------------------------------------------


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_feed(
    *, db_session: Session, user_id: str, timezone: str, feed_steps: FeedSteps
) -> tuple[str, Row[str, str, dt.datetime]]:
    """Issue a new secret for the user's feed (creating the feed, or replacing the secret so
    the previous URL stops working at once); returns the secret and the stored timezone, steps
    and created_at. One statement, safe against a concurrent create."""
    secret = secrets.token_urlsafe(SECRET_BYTES)
    now = dt.datetime.now(dt.UTC)
    statement = insert(CalendarFeed).values(
        user_id=user_id,
        secret_hash=hash_secret(secret),
        timezone=timezone,
        steps=feed_steps,
        created_at=now,
        updated_at=now,
    )
    upsert = statement.on_conflict_do_update(
        index_elements=[CalendarFeed.user_id],
        set_={
            "secret_hash": statement.excluded.secret_hash,
            "timezone": statement.excluded.timezone,
            "steps": statement.excluded.steps,
            "created_at": statement.excluded.created_at,
            "updated_at": statement.excluded.updated_at,
        },
    ).returning(CalendarFeed.timezone, CalendarFeed.steps, CalendarFeed.created_at)
    return secret, db_session.execute(upsert).one()


def get_feed(*, db_session: Session, user_id: str) -> CalendarFeed | None:
    """The user's feed, or None."""
    return db_session.scalars(
        select(CalendarFeed).where(CalendarFeed.user_id == user_id)
    ).one_or_none()


def delete_feed(*, db_session: Session, user_id: str) -> None:
    """Revoke the user's feed, if there is one: its URL stops working."""
    db_session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user_id))


def feed_by_secret(*, db_session: Session, secret: str) -> CalendarFeed:
    """The feed whose URL holds `secret`; unknown, malformed and revoked are one 404."""
    if _SECRET_SHAPE.fullmatch(secret) is None:
        raise NotFound(FEED_NOT_FOUND)
    feed = db_session.scalars(
        select(CalendarFeed).where(CalendarFeed.secret_hash == hash_secret(secret))
    ).one_or_none()
    if feed is None:
        raise NotFound(FEED_NOT_FOUND)
    return feed


def feed_calendar(*, db_session: Session, secret: str, today: dt.date) -> bytes:
    """The feed's iCalendar: the owner's items from 180 days before `today` to 365 after, all
    of them or the appointments only (`steps.feed_items`, as the feed was made), of at most
    `MAX_EVENTS` events, those nearest `today`: a subscription never outgrows a response.

    Three statements: the feed by its secret's hash, then the items (events, their jobs).
    """
    feed = feed_by_secret(db_session=db_session, secret=secret)
    # Read permissively: a zone the time zone database no longer has falls back to UTC.
    zone = feed.timezone if feed.timezone in timezone_names() else FALLBACK_TIMEZONE
    start, end = ics.feed_window(today)
    items, _ = bounded_items(
        db_session=db_session, user_id=feed.user_id, start=start, end=end, nearest=today
    )
    chosen = steps.feed_items(items, steps.read_steps(feed.steps))
    return ics_fast.feed(chosen, zone=zone, today=today)


def event_calendar(
    *,
    db_session: Session,
    user_id: str,
    job_id: int,
    event_id: int,
    timezone: str,
    today: dt.date,
) -> tuple[bytes, str]:
    """One event's iCalendar file (with its deadline or start date) and a file name for it."""
    row = db_session.execute(
        read.EVENT_OF_JOB, {"user_id": user_id, "job_id": job_id, "event_id": event_id}
    ).one_or_none()
    if row is None:
        # Tell a job that is not the caller's (answered like a missing one) from a missing event.
        tracking_queries.ensure_owned(db_session=db_session, user_id=user_id, job_id=job_id)
        raise NotFound(tracking_queries.EVENT_NOT_FOUND)
    items = read.row_items(row, row)  # the event's own item first: the file is named after it
    if not items:
        raise Conflict(INFERRED_NO_DATE)
    ordered: Sequence[CalendarItem] = sorted(items, key=CalendarItem.sort_key)
    return ics.event_file(ordered, zone=timezone, today=today), ics.filename(items[0])
