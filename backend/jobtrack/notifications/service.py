"""Notification settings, the caller's digest, and turning a digest off (the mail's link, SES's
bounces and complaints). Services only flush; the request's unit of work commits."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from jobtrack.calendar import service as calendar_service
from jobtrack.insights import service as insights_service
from jobtrack.notifications import digest as digest_rules
from jobtrack.notifications import schedule
from jobtrack.notifications.models import NotificationSetting
from jobtrack.notifications.schemas import (
    DEFAULT_SETTINGS,
    NO_EMAIL_MESSAGE,
    Digest,
    NotificationSettings,
    NotificationSettingsIn,
    PausedReason,
)
from jobtrack.platform.errors import FieldError


def _read(row: NotificationSetting | None) -> NotificationSettings:
    if row is None:
        return DEFAULT_SETTINGS
    return NotificationSettings(
        email=row.email,
        digest=row.digest,
        digest_hour=row.digest_hour,
        timezone=row.timezone,
        follow_up_days=row.follow_up_days,
        push=row.push,
        digest_paused_reason=cast(PausedReason | None, row.paused_reason),
    )


def get_settings(*, db_session: Session, user_id: str) -> NotificationSettings:
    """The caller's settings, or the defaults when they never saved any."""
    return _read(db_session.get(NotificationSetting, user_id))


def put_settings(
    *, db_session: Session, user_id: str, settings_in: NotificationSettingsIn, now: dt.datetime
) -> NotificationSettings:
    """Replace the caller's settings; the next digest is scheduled from `now`."""
    if settings_in.digest and settings_in.email is None:
        raise FieldError(("body", "email"), NO_EMAIL_MESSAGE)
    due = (
        schedule.next_digest(after=now, hour=settings_in.digest_hour, timezone=settings_in.timezone)
        if settings_in.digest
        else None
    )
    # `push` left out keeps what is saved (a client that predates it cannot turn it off).
    values = {
        **settings_in.model_dump(exclude={"push"} if settings_in.push is None else set()),
        "next_digest_at": due.at if due else None,
        "next_digest_on": due.on if due else None,
        # Saving the settings is the user's own word: a pause's reason no longer applies
        # once they turn the digest on again, and stays while it is off.
        "updated_at": now,
    }
    statement = insert(NotificationSetting).values(user_id=user_id, **values)
    set_: dict[str, Any] = {name: statement.excluded[name] for name in values}
    if settings_in.digest:
        set_["paused_reason"] = None
    row = db_session.scalars(
        statement.on_conflict_do_update(index_elements=[NotificationSetting.user_id], set_=set_)
        .returning(NotificationSetting)
        .execution_options(populate_existing=True)
    ).one()
    return _read(row)


def build_digest(*, db_session: Session, user_id: str, on: dt.date, follow_up_days: int) -> Digest:
    """The user's digest for local date `on`: calendar items (two statements; at most the
    calendar's `MAX_EVENTS` earliest, as `GET /api/upcoming` reads them) and follow-ups (one)."""
    first, last = digest_rules.window(on)
    items, _ = calendar_service.bounded_items(
        db_session=db_session, user_id=user_id, start=first, end=last, nearest=None
    )
    follow_ups = insights_service.follow_ups(
        db_session=db_session, user_id=user_id, today=on, stale_days=follow_up_days
    )
    return digest_rules.build(on=on, items=items, follow_ups=follow_ups)


def read_digest(
    *, db_session: Session, user_id: str, on: dt.date | None, now: dt.datetime
) -> Digest:
    """What the caller's digest for `on` (default: their local today) holds."""
    settings = get_settings(db_session=db_session, user_id=user_id)
    day = on or schedule.local_date(now, settings.timezone)
    return build_digest(
        db_session=db_session, user_id=user_id, on=day, follow_up_days=settings.follow_up_days
    )


def pause_digest(
    *, db_session: Session, user_id: str, reason: PausedReason, now: dt.datetime
) -> bool:
    """Turn the user's digest off, saying why; False when they have no settings."""
    result = db_session.execute(
        update(NotificationSetting)
        .where(NotificationSetting.user_id == user_id)
        .values(
            digest=False,
            next_digest_at=None,
            next_digest_on=None,
            paused_reason=reason,
            updated_at=now,
        )
        .returning(NotificationSetting.user_id)
    )
    return result.first() is not None


def users_with_email(*, db_session: Session, email: str) -> list[str]:
    """The users whose digest goes to `email` (a bounce names the address, not the user)."""
    return list(
        db_session.scalars(
            select(NotificationSetting.user_id).where(
                NotificationSetting.email == email, NotificationSetting.digest
            )
        )
    )
