"""Per-user quotas and the upload rate, counted in the database: one place, used by services.

How each count stays honest under concurrent requests:

- jobs: every writer of a user's jobs (create, import) first locks the user's `jobs` row in
  `user_locks` (`lock_user_jobs`, held to the end of the transaction), and counts in a
  *later* statement, whose snapshot sees every job committed before the lock was granted.
  Two creates at 4,999 cannot both pass: the second waits, then counts 5,000. A row lock,
  not `pg_advisory_xact_lock`, which would pin the session to its connection behind RDS
  Proxy.
- contacts: the same, on the user's `contacts` row (`lock_user_contacts`).
- events: counted on the job loaded under its row lock (`FOR UPDATE`), which every event
  write already takes; no extra statement.
- upload URLs: counted and recorded in one statement without a lock. Concurrent requests of
  one user can overshoot by the requests in flight; a rate limit can afford that.
"""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from jobtrack.limits import rules
from jobtrack.limits.models import UploadUrlGrant, UserLock
from jobtrack.platform.errors import Conflict, RateLimited


def lock_user(db_session: Session, user_id: str, scope: str) -> None:
    """Serialise this user's writers of `scope` until the transaction ends: one statement
    that creates the user's lock row or, when it exists, locks it (ON CONFLICT DO UPDATE
    takes the row's lock; a concurrent first insert waits for the inserting transaction)."""
    statement = pg_insert(UserLock).values(user_id=user_id, scope=scope)
    db_session.execute(
        statement.on_conflict_do_update(
            index_elements=[UserLock.user_id, UserLock.scope],
            set_={"scope": statement.excluded.scope},
        )
    )


def lock_user_jobs(db_session: Session, user_id: str) -> None:
    """Serialise this user's job creations (create and import) until the transaction ends."""
    lock_user(db_session, user_id, "jobs")


def lock_user_contacts(db_session: Session, user_id: str) -> None:
    """Serialise this user's contact creations (create and import) until the transaction
    ends, so the count taken after it is exact: two creates at 1,999 cannot both pass."""
    lock_user(db_session, user_id, "contacts")


def ensure_room_for_import(*, existing: int, adding: int, limit: int) -> None:
    """409 naming the limit when importing `adding` jobs would take the user past `limit`."""
    if existing + adding > limit:
        raise Conflict(rules.import_jobs_message(limit, existing=existing, adding=adding))


def jobs_quota_reached(*, limit: int, existing: int) -> Conflict:
    """The 409 for one more job when the user already has `existing` (at least `limit`)."""
    return Conflict(rules.jobs_message(limit, existing=existing))


def ensure_room_for_event(*, existing: int, limit: int) -> None:
    """409 naming the limit when a job with `existing` events may take no more."""
    if not rules.events_room(existing, limit):
        raise Conflict(rules.events_message(limit))


def _grant_statement() -> Any:
    """The upload grant: forget the user's grants older than the window, count the rest, and
    insert a grant only while the count is under the limit; bound `grant_user`, `per_hour`."""
    user_id = bindparam("grant_user", type_=UploadUrlGrant.__table__.c.user_id.type)
    window = func.make_interval(0, 0, 0, 0, 0, 0, rules.UPLOAD_WINDOW_S)
    since = func.now() - window
    recent = (
        select(
            func.count().label("n"),
            func.min(UploadUrlGrant.granted_at).label("oldest"),
        )
        .where(UploadUrlGrant.user_id == user_id, UploadUrlGrant.granted_at > since)
        .cte("recent")
    )
    pruned = (
        delete(UploadUrlGrant)
        .where(UploadUrlGrant.user_id == user_id, UploadUrlGrant.granted_at <= since)
        .returning(UploadUrlGrant.id)
        .cte("pruned")
    )
    granted = (
        insert(UploadUrlGrant)
        .from_select(
            ["user_id"],
            select(user_id).select_from(recent).where(recent.c.n < bindparam("per_hour")),
        )
        .returning(UploadUrlGrant.id)
        .cte("granted")
    )
    wait_s = func.extract("epoch", func.coalesce(recent.c.oldest, func.now()) + window - func.now())
    return (
        select(
            select(func.count()).select_from(granted).scalar_subquery().label("granted"),
            wait_s.label("wait_s"),
        )
        .select_from(recent)
        .add_cte(pruned)  # PostgreSQL runs a data-modifying WITH whether it is read or not
    )


# Built once and run with bound values: building it per request (about 60 coercions and a
# cache-key walk) cost more than running it.
_GRANT = _grant_statement()


def grant_upload_url(*, db_session: Session, user_id: str, per_hour: int) -> None:
    """Record one upload URL for the user, or 429 with the seconds until one is free.

    One statement (`_GRANT`): forget the user's grants older than the window, count the rest,
    and insert a grant only while the count is under the limit.
    """
    row = (
        db_session.connection().execute(_GRANT, {"grant_user": user_id, "per_hour": per_hour}).one()
    )
    if not row.granted:
        retry_after_s = max(1, math.ceil(float(row.wait_s)))
        raise RateLimited(rules.upload_rate_message(per_hour, retry_after_s), retry_after_s)
