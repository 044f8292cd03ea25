"""Upload URLs handed out, kept one hour per user: the storage of the upload rate limit."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, Index, PrimaryKeyConstraint, String, func
from sqlalchemy.orm import Mapped, mapped_column

from jobtrack.platform.db.session import Base


class UploadUrlGrant(Base):
    __tablename__ = "upload_url_grants"
    __table_args__ = (Index("ix_upload_url_grants_user_id_granted_at", "user_id", "granted_at"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(255))
    granted_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class UserLock(Base):
    """One row per (user, what is counted): the row the writers of a user's counted things
    lock (`limits.service.lock_user`) so two requests cannot both pass a quota. A row lock,
    not an advisory lock: advisory locks pin a session to its connection behind RDS Proxy."""

    __tablename__ = "user_locks"
    __table_args__ = (PrimaryKeyConstraint("user_id", "scope", name="pk_user_locks"),)

    user_id: Mapped[str] = mapped_column(String(255))
    scope: Mapped[str] = mapped_column(String(20))
