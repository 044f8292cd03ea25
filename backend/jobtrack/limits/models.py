"""Upload URLs handed out, kept one hour per user: the storage of the upload rate limit."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, Index, String, func
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
