"""A user's calendar feed: its time zone, which steps it holds, and a hash of the secret in
its URL, never the secret."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from jobtrack.platform.db.session import Base

SECRET_HASH_CHARS = 64  # a SHA-256 digest in hex
TIMEZONE_MAX_CHARS = 64
STEPS_MAX_CHARS = 16


class CalendarFeed(Base):
    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(255), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(SECRET_HASH_CHARS), unique=True)
    timezone: Mapped[str] = mapped_column(String(TIMEZONE_MAX_CHARS))
    # Which items the feed holds (`calendar/steps.py`): "all" or "appointments".
    steps: Mapped[str] = mapped_column(String(STEPS_MAX_CHARS), server_default="all")
    # When the current URL was issued: replacing the secret makes a new feed.
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
