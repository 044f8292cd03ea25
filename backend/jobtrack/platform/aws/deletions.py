"""Stored objects still to delete: the durable half of "delete the object after the commit".

A row is written in the same transaction that removes what referred to the object (a document,
an account), so the commit records the intent; the deletion from the bucket follows the commit,
and a row whose deletion failed or never ran (a crash half-way) is retried by a later cleanup
run until the bucket confirms it. Deleting a key that is already gone succeeds, so a retry is
always safe.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, Identity, Index, Integer, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column

from jobtrack.platform.db.session import Base

ERROR_MAX_CHARS = 500


class ObjectDeletion(Base):
    __tablename__ = "object_deletions"
    __table_args__ = (Index("ix_object_deletions_created_at", "created_at"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    key: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    last_error: Mapped[str | None] = mapped_column(String(ERROR_MAX_CHARS))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
