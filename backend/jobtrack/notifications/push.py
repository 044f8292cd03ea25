"""The browsers a user asked to be pushed to: subscribe (at most `MAX_SUBSCRIPTIONS`, the
oldest replaced), unsubscribe, and the sender's reads and removals. Services only flush."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from fnmatch import fnmatchcase
from urllib.parse import urlsplit

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from jobtrack.notifications.models import PushSubscription
from jobtrack.notifications.schemas import PushSubscriptionIn, PushSubscriptionRead
from jobtrack.notifications.webpush import PushTarget
from jobtrack.platform.errors import FieldError, NotFound

MAX_SUBSCRIPTIONS = 10
NOT_SUBSCRIBED = "No push subscription of yours has this endpoint."


def check_push_service(endpoint: str, hosts: Iterable[str]) -> None:
    """Only a known push service: the sender posts to the endpoint, so an address a user made
    up would have the server post wherever they like."""
    host = (urlsplit(endpoint).hostname or "").lower()
    if not any(fnmatchcase(host, pattern.lower()) for pattern in hosts):
        raise FieldError(
            ("body", "endpoint"), f"endpoint must be a browser push service, not {host}"
        )


def subscribe(
    *, db_session: Session, user_id: str, subscription_in: PushSubscriptionIn, now: dt.datetime
) -> PushSubscriptionRead:
    """Keep the browser's subscription for the caller. The same endpoint again takes the new
    keys; one another user had (the browser changed hands) becomes the caller's. Beyond
    `MAX_SUBSCRIPTIONS` the oldest go."""
    values = {
        "user_id": user_id,
        "endpoint": subscription_in.endpoint,
        "p256dh": subscription_in.keys.p256dh,
        "auth": subscription_in.keys.auth,
        "created_at": now,
        "last_sent_at": None,
    }
    statement = insert(PushSubscription).values(**values)
    row = db_session.execute(
        statement.on_conflict_do_update(
            index_elements=[PushSubscription.endpoint],
            set_={name: statement.excluded[name] for name in values if name != "endpoint"},
        ).returning(PushSubscription.endpoint, PushSubscription.created_at)
    ).one()
    newest = (
        select(PushSubscription.id)
        .where(PushSubscription.user_id == user_id)
        .order_by(PushSubscription.created_at.desc(), PushSubscription.id.desc())
        .limit(MAX_SUBSCRIPTIONS)
    )
    db_session.execute(
        delete(PushSubscription).where(
            PushSubscription.user_id == user_id, PushSubscription.id.not_in(newest)
        )
    )
    return PushSubscriptionRead(endpoint=row.endpoint, created_at=row.created_at)


def unsubscribe(*, db_session: Session, user_id: str, endpoint: str) -> None:
    """Forget the caller's subscription of `endpoint`; NotFound when they have none."""
    gone = db_session.execute(
        delete(PushSubscription)
        .where(PushSubscription.user_id == user_id, PushSubscription.endpoint == endpoint)
        .returning(PushSubscription.id)
    ).first()
    if gone is None:
        raise NotFound(NOT_SUBSCRIBED)


def targets_of(*, db_session: Session, user_ids: Sequence[str]) -> dict[str, list[PushTarget]]:
    """Each user's subscriptions, newest first (one statement for a batch)."""
    found: dict[str, list[PushTarget]] = {}
    if not user_ids:
        return found
    rows = db_session.execute(
        select(
            PushSubscription.user_id,
            PushSubscription.endpoint,
            PushSubscription.p256dh,
            PushSubscription.auth,
        )
        .where(PushSubscription.user_id.in_(user_ids))
        .order_by(PushSubscription.user_id, PushSubscription.created_at.desc())
    )
    for row in rows:
        found.setdefault(row.user_id, []).append(
            PushTarget(endpoint=row.endpoint, p256dh=row.p256dh, auth=row.auth)
        )
    return found


def record_pushes(
    *, db_session: Session, delivered: Sequence[str], gone: Sequence[str], now: dt.datetime
) -> None:
    """After a run: when each endpoint was last pushed to; the ones the push service no
    longer knows (404, 410) removed."""
    if delivered:
        db_session.execute(
            update(PushSubscription)
            .where(PushSubscription.endpoint.in_(delivered))
            .values(last_sent_at=now)
        )
    if gone:
        db_session.execute(delete(PushSubscription).where(PushSubscription.endpoint.in_(gone)))
