"""What a user keeps here, and deleting all of it.

Deleting is one unit of work: every row keyed by the user goes in one transaction, which also
records each stored object as a pending deletion (`platform.aws.deletions`); the objects are
deleted after the commit, and a failure there (or a crash) leaves the records for the hourly
cleanup run, so nothing of the user outlives the deletion for long. Another user's rows are
never named: every statement is filtered by the caller's id.
"""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import Table, delete, func, select, union
from sqlalchemy.orm import Session

from jobtrack.account.schemas import AccountRead
from jobtrack.calendar.models import CalendarFeed
from jobtrack.idempotency.models import IdempotencyKey
from jobtrack.limits import service as limits_service
from jobtrack.limits.models import UploadUrlGrant, UserLock
from jobtrack.notifications.models import DigestSend, NotificationSetting, PushSubscription
from jobtrack.platform.aws import deletions
from jobtrack.platform.aws.object_store import ObjectStore
from jobtrack.tracking.models import Contact, Document, TrackedJob, TrackingEvent

# Every table with a `user_id`, children before parents. A job's events, posting, contacts
# and documents attachments go with the job (ON DELETE CASCADE); they are listed too, so a
# test can check that no table keyed by a user is left out (tests/integration/test_account.py).
USER_TABLES: Final[tuple[Any, ...]] = (
    TrackingEvent,
    TrackedJob,
    Contact,
    Document,
    CalendarFeed,
    NotificationSetting,
    DigestSend,
    PushSubscription,
    IdempotencyKey,
    UploadUrlGrant,
    UserLock,
)
# The locks every writer of a user's jobs, contacts and documents takes first.
_LOCK_SCOPES: Final = ("jobs", "contacts", "documents")


def summary(*, db_session: Session, user_id: str) -> AccountRead:
    """Counts and bytes of what the caller keeps: one statement."""
    jobs = select(func.count()).where(TrackedJob.user_id == user_id).scalar_subquery()
    events = select(func.count()).where(TrackingEvent.user_id == user_id).scalar_subquery()
    documents = select(func.count()).where(Document.user_id == user_id).scalar_subquery()
    stored = (
        select(func.coalesce(func.sum(Document.size), 0))
        .where(Document.user_id == user_id)
        .scalar_subquery()
    )
    row = db_session.execute(select(jobs, events, documents, stored)).one()
    return AccountRead(jobs=row[0], events=row[1], documents=row[2], stored_bytes=int(row[3]))


def stored_keys(db_session: Session, user_id: str) -> list[str]:
    """Every object key the user's rows name: library documents, and any job's resume."""
    keys: Any = union(
        select(Document.key).where(Document.user_id == user_id),
        select(TrackedJob.resume_key).where(
            TrackedJob.user_id == user_id, TrackedJob.resume_key.is_not(None)
        ),
    )
    return sorted(db_session.scalars(select(keys.subquery().c[0])).all())


def delete_account(*, db_session: Session, store: ObjectStore, user_id: str) -> int:
    """Delete every row of the caller and record their objects for deletion after the commit;
    how many objects were recorded."""
    # Creations of jobs, contacts and documents wait for this transaction and then find
    # nothing; a change to an existing job waits on the job's row and then finds it gone (404).
    for scope in _LOCK_SCOPES:
        limits_service.lock_user(db_session, user_id, scope)
    ids = deletions.record(db_session, stored_keys(db_session, user_id))
    for model in USER_TABLES:
        table: Table = model.__table__
        db_session.execute(delete(table).where(table.c.user_id == user_id))
    deletions.discard_after_commit(db_session, store, ids)
    return len(ids)
