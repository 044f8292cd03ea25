"""A user's notification settings, and one row per (user, local date) digest the sender claimed.

`next_digest_at` is the instant of the user's next digest hour (computed from the time zone and
the hour by `schedule.next_digest`), kept by the settings write and advanced by the sender, so
the sender finds the users due with one indexed query (a partial index over the users whose
digest is on) instead of reading everyone's settings.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from jobtrack.platform.db.session import Base

EMAIL_MAX_CHARS = 254  # RFC 5321's path limit, less the angle brackets
TIMEZONE_MAX_CHARS = 64
PAUSED_REASON_MAX_CHARS = 20
SEND_STATUS_MAX_CHARS = 10
SEND_ERROR_MAX_CHARS = 500


class NotificationSetting(Base):
    __tablename__ = "notification_settings"
    __table_args__ = (
        CheckConstraint("digest_hour BETWEEN 0 AND 23", name="digest_hour"),
        CheckConstraint("follow_up_days BETWEEN 3 AND 60", name="follow_up_days"),
        CheckConstraint("NOT digest OR email IS NOT NULL", name="digest_needs_email"),
        Index(
            "ix_notification_settings_next_digest_at",
            "next_digest_at",
            postgresql_where=text("digest"),
        ),
    )

    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    email: Mapped[str | None] = mapped_column(String(EMAIL_MAX_CHARS))
    digest: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    digest_hour: Mapped[int] = mapped_column(SmallInteger, server_default=text("7"))
    timezone: Mapped[str] = mapped_column(String(TIMEZONE_MAX_CHARS), server_default="UTC")
    follow_up_days: Mapped[int] = mapped_column(SmallInteger, server_default=text("14"))
    # The next digest: its instant and the user's local date it is for (null while off).
    next_digest_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    next_digest_on: Mapped[dt.date | None] = mapped_column(Date)
    # Why the digest was turned off by something other than the user's own settings:
    # `unsubscribed` (the mail's link), `bounce` or `complaint` (SES); null otherwise.
    paused_reason: Mapped[str | None] = mapped_column(String(PAUSED_REASON_MAX_CHARS))
    # Also push the digest's one-line summary to the user's browsers (push_subscriptions).
    push: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class DigestSend(Base):
    """A digest claimed by a run before it is sent: the primary key makes a (user, date) one
    mail, also when two runs overlap. `status`: `sending` (claimed), `sent`, `empty` (nothing to
    say, nothing sent) or `failed` (the next run may claim it again, as it may a `sending`
    claim older than a run can last)."""

    __tablename__ = "digest_sends"
    __table_args__ = (
        CheckConstraint("status IN ('sending', 'sent', 'empty', 'failed')", name="status"),
        # A bounce or complaint names the message: find whom it was sent to.
        Index("ix_digest_sends_message_id", "message_id"),
    )

    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    local_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    status: Mapped[str] = mapped_column(String(SEND_STATUS_MAX_CHARS))
    attempts: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    claimed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    message_id: Mapped[str | None] = mapped_column(String(255))
    error: Mapped[str | None] = mapped_column(String(SEND_ERROR_MAX_CHARS))


class PushSubscription(Base):
    """A browser the user asked to be pushed to (Web Push): the push service's `endpoint` and
    the browser's keys (RFC 8291). The service keeps at most ten per user, the oldest replaced;
    one the push service answers 404 or 410 for is removed."""

    __tablename__ = "push_subscriptions"
    __table_args__ = (
        Index("ix_push_subscriptions_user_id_created_at", "user_id", "created_at"),
        UniqueConstraint("endpoint", name="uq_push_subscriptions_endpoint"),
        CheckConstraint("endpoint LIKE 'https://%'", name="endpoint_https"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(255))
    endpoint: Mapped[str] = mapped_column(Text)
    p256dh: Mapped[str] = mapped_column(String(200))
    auth: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    last_sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
