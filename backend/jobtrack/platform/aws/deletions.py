"""Stored objects still to delete: the durable half of "delete the object after the commit".

A row is written in the same transaction that removes what referred to the object (a document,
an account), so the commit records the intent; the deletion from the bucket follows the commit,
and a row whose deletion failed or never ran (a crash half-way) is retried by a later cleanup
run until the bucket confirms it. Deleting a key that is already gone succeeds, so a retry is
always safe.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    Identity,
    Index,
    Integer,
    String,
    Text,
    delete,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from jobtrack.platform.aws.object_store import ObjectStore
from jobtrack.platform.db import session as db
from jobtrack.platform.db.session import Base

logger = logging.getLogger("jobtrack.storage")

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


def record(db_session: Session, keys: Sequence[str]) -> list[int]:
    """Write one pending deletion per key in the caller's transaction; their ids.

    Committed with the change that stopped referring to the objects, so a crash after the
    commit leaves rows a cleanup run finishes.
    """
    if not keys:
        return []
    return list(
        db_session.scalars(
            insert(ObjectDeletion).returning(ObjectDeletion.id), [{"key": key} for key in keys]
        )
    )


def discard_after_commit(db_session: Session, store: ObjectStore, ids: Sequence[int]) -> None:
    """Once the transaction has committed, delete the recorded objects and then their rows.

    A failed S3 delete leaves the rows (with the error) for the cleanup run; nothing is raised:
    the request's change has committed already.
    """
    if not ids:
        return
    wanted = list(ids)

    def run() -> None:
        try:
            _delete_recorded(db_session, store, wanted)
        except Exception:
            # The rows stay for the cleanup run; the request's change has committed.
            logger.warning("could not finish deleting objects %s", wanted, exc_info=True)

    db.after_commit(db_session, run)


def _delete_objects(db_session: Session, store: ObjectStore, rows: Sequence[Any]) -> int:
    """Delete each row's object, then the rows whose object is gone; a failure is recorded on
    its row (attempts, the error) for the next cleanup run. How many were deleted."""
    done: list[int] = []
    for row in rows:
        try:
            store.delete(row.key)
        except Exception as exc:
            logger.warning("could not delete object %s; left for cleanup", row.key)
            db_session.execute(
                update(ObjectDeletion)
                .where(ObjectDeletion.id == row.id)
                .values(
                    attempts=ObjectDeletion.attempts + 1,
                    last_error=repr(exc)[:ERROR_MAX_CHARS],
                )
            )
        else:
            done.append(row.id)
    if done:
        db_session.execute(delete(ObjectDeletion).where(ObjectDeletion.id.in_(done)))
    return len(done)


def _delete_recorded(db_session: Session, store: ObjectStore, ids: list[int]) -> None:
    """Delete the objects of these rows, then the rows whose object is gone, in a new
    transaction on the (committed and closed) session."""
    try:
        keys = db_session.execute(
            select(ObjectDeletion.id, ObjectDeletion.key).where(ObjectDeletion.id.in_(ids))
        ).all()
        _delete_objects(db_session, store, keys)
        db_session.commit()
    finally:
        db_session.close()


# A pending deletion younger than this is left to the request that recorded it (its own
# after-commit delete is running or about to); older ones were missed and are finished here.
CLEANUP_GRACE = dt.timedelta(minutes=5)
CLEANUP_BATCH = 500


def finish_pending(
    db_session: Session,
    store: ObjectStore,
    *,
    now: dt.datetime | None = None,
    batch: int = CLEANUP_BATCH,
) -> tuple[int, int]:
    """Delete the objects of recorded deletions older than `CLEANUP_GRACE`, a batch at a time,
    each batch its own transaction; (objects deleted, objects that failed again).

    Rows are claimed `FOR UPDATE SKIP LOCKED`, so two runs never work on one row; a row whose
    object cannot be deleted keeps its record (attempts and the error) for the next run, and
    never stops the others. Rows that failed in this run are not retried within it.
    """
    cutoff = (now or dt.datetime.now(dt.UTC)) - CLEANUP_GRACE
    deleted = failed = 0
    last_id = 0
    while True:
        rows = db_session.execute(
            select(ObjectDeletion.id, ObjectDeletion.key)
            .where(ObjectDeletion.created_at < cutoff, ObjectDeletion.id > last_id)
            .order_by(ObjectDeletion.id)
            .limit(batch)
            .with_for_update(skip_locked=True)
        ).all()
        if not rows:
            db_session.commit()
            return deleted, failed
        done = _delete_objects(db_session, store, rows)
        db_session.commit()
        deleted += done
        failed += len(rows) - done
        last_id = rows[-1].id
