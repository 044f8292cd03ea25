"""The `cleanup` Lambda, run every hour by an EventBridge schedule: deletes Idempotency-Key
records older than a day, a batch at a time, so the table holds only the last day's keys; and
finishes deleting stored files whose rows are gone (a document or an account deleted while S3
failed, or a crash between the commit and S3: `platform.aws.deletions`).

Using a key also deletes its own expired record; this catches the keys nobody retries.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from jobtrack.idempotency.service import KEY_TTL
from jobtrack.platform.aws import deletions, object_store
from jobtrack.platform.aws.object_store import ObjectStore
from jobtrack.platform.db import session as db
from jobtrack.platform.settings import get_settings

logger = logging.getLogger("jobtrack.cleanup")

BATCH = 5_000
# One statement per batch, each its own short transaction: no long lock on the table.
_DELETE_BATCH = text(
    """
    DELETE FROM idempotency_keys
    WHERE ctid = ANY (ARRAY(
        SELECT ctid FROM idempotency_keys WHERE created_at < :cutoff LIMIT :batch
    ))
    """
)


def delete_expired_keys(*, now: dt.datetime | None = None, batch: int = BATCH) -> int:
    """Delete every key created more than KEY_TTL before `now`; returns how many went."""
    cutoff = (now or dt.datetime.now(dt.UTC)) - KEY_TTL
    deleted = 0
    while True:
        with db.get_engine().begin() as connection:
            count = connection.execute(_DELETE_BATCH, {"cutoff": cutoff, "batch": batch}).rowcount
        deleted += count
        if count < batch:
            return deleted


def finish_object_deletions(store: ObjectStore | None = None) -> tuple[int, int]:
    """The recorded object deletions still pending: (deleted now, failed again)."""
    settings = get_settings()
    store = store or ObjectStore(
        bucket=settings.resume_bucket, client=lambda: object_store.get_client(settings)
    )
    with Session(db.get_engine()) as db_session:
        return deletions.finish_pending(db_session, store)


def handler(event: Any, context: Any) -> dict[str, int]:
    """EventBridge entry point."""
    deleted = delete_expired_keys()
    logger.info("deleted %d expired idempotency keys", deleted)
    objects, failed = finish_object_deletions()
    logger.info("deleted %d stored files left to delete (%d failed again)", objects, failed)
    return {"deleted": deleted, "objects_deleted": objects, "objects_failed": failed}
