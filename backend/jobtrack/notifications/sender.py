"""The scheduled sender: every hour, each user whose digest hour has come gets that local date's
digest once.

1. The users due are found by one indexed query (`DUE`: the partial index over
   `next_digest_at` of the users whose digest is on), a batch at a time.
2. Each batch is claimed before anything is sent: one row per (user, local date) in
   `digest_sends`, inserted and committed first. Two overlapping runs insert the same keys; the
   second waits for the first's row and finds it taken, so no user gets a date twice.
3. The digests are built, the non-empty ones sent, and each claim recorded: `sent`, `empty`
   (nothing is sent) or `failed`. Sent and empty users move on to their next digest; a failed
   one stays due, and the next run claims the row again. So does a `sending` claim older than
   any run lasts (`STALE_CLAIM`: its run died between the claim and the record; the mail may
   or may not have left, and one more is the lesser harm than none).

A run that comes late (the schedule missed hours) still sends the day's digest until the
user's local day ends; after that the day is skipped. The run stops claiming new batches when
its time runs short; the users left stay due for the next run.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, Select, and_, bindparam, or_, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from jobtrack.notifications import digest as digest_rules
from jobtrack.notifications import mail, push, schedule, service, unsubscribe
from jobtrack.notifications.models import SEND_ERROR_MAX_CHARS, DigestSend, NotificationSetting
from jobtrack.notifications.schemas import Digest, PausedReason, SentMail
from jobtrack.notifications.transport import Mailer, SendFailed
from jobtrack.notifications.webpush import Pusher, PushFailed
from jobtrack.platform.settings import Settings

logger = logging.getLogger("jobtrack.notifications")

BATCH_SIZE = 200
STALE_CLAIM = dt.timedelta(minutes=20)  # longer than a Lambda run can last (15 min)
# Time kept back at the end of a run to record the batch in hand.
RESERVE_S = 30.0

DUE_COLUMNS: tuple[Any, ...] = (
    NotificationSetting.user_id,
    NotificationSetting.email,
    NotificationSetting.digest_hour,
    NotificationSetting.timezone,
    NotificationSetting.follow_up_days,
    NotificationSetting.next_digest_at,
    NotificationSetting.next_digest_on,
    NotificationSetting.push,
)
DUE: Select[Any] = (
    select(*DUE_COLUMNS)
    .where(
        NotificationSetting.digest,
        NotificationSetting.next_digest_at <= bindparam("now"),
        tuple_(NotificationSetting.next_digest_at, NotificationSetting.user_id)
        > tuple_(bindparam("after_at"), bindparam("after_user")),
    )
    .order_by(NotificationSetting.next_digest_at, NotificationSetting.user_id)
    .limit(bindparam("limit"))
)
"""The users due at `now`, after the keyset (`after_at`, `after_user`), a batch at a time."""

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class MailSetup:
    """Who the mail is from and where its links lead."""

    sender: str
    page_url: str
    api_url: str
    ring: unsubscribe.KeyRing


LOCAL_SENDER = "Track <track@localhost>"


def setup_for(settings: Settings, *, base_url: str | None = None) -> MailSetup:
    """From `MAIL_FROM`, `PAGE_URL` and `API_URL` (`base_url`, the request's origin in dev,
    for those unset)."""
    page_url = settings.page_url or base_url
    if page_url is None:
        raise ValueError("set PAGE_URL: mail links to the page")
    return MailSetup(
        sender=settings.mail_from or LOCAL_SENDER,
        page_url=page_url,
        api_url=settings.api_url or page_url,
        ring=unsubscribe.key_ring(settings),
    )


@dataclass
class Prepared:
    user: Row[Any]
    digest: Digest | None = None
    status: str = "empty"
    message_id: str | None = None
    error: str | None = None


def _next(user: Row[Any], *, sent_on: dt.date, now: dt.datetime) -> schedule.Due:
    """The digest after the one for `sent_on`, and never one whose hour is already over."""
    due = schedule.next_digest(after=now, hour=user.digest_hour, timezone=user.timezone)
    if due.on <= sent_on:
        due = schedule.following_digest(on=sent_on, hour=user.digest_hour, timezone=user.timezone)
    return due


def _advance(db_session: Session, moves: Sequence[tuple[Row[Any], schedule.Due]]) -> None:
    """Move users to their next digest, unless their settings changed meanwhile."""
    if not moves:
        return
    statement = (
        update(NotificationSetting)
        .where(
            NotificationSetting.user_id == bindparam("uid"),
            NotificationSetting.next_digest_on == bindparam("old_on"),
            NotificationSetting.digest,
        )
        .values(next_digest_at=bindparam("new_at"), next_digest_on=bindparam("new_on"))
    )
    db_session.connection().execute(
        statement,
        [
            {"uid": user.user_id, "old_on": user.next_digest_on, "new_at": d.at, "new_on": d.on}
            for user, d in moves
        ],
    )


def _claim(db_session: Session, users: Sequence[Row[Any]], now: dt.datetime) -> set[str]:
    """Claim (user, local date) for each user; returns the users claimed by this run."""
    if not users:
        return set()
    statement = insert(DigestSend).values(
        [
            {
                "user_id": user.user_id,
                "local_date": user.next_digest_on,
                "status": "sending",
                "claimed_at": now,
                "attempts": 1,
            }
            for user in users
        ]
    )
    retryable = or_(
        DigestSend.status == "failed",
        and_(DigestSend.status == "sending", DigestSend.claimed_at < now - STALE_CLAIM),
    )
    claimed = db_session.scalars(
        statement.on_conflict_do_update(
            index_elements=[DigestSend.user_id, DigestSend.local_date],
            set_={
                "status": "sending",
                "claimed_at": statement.excluded.claimed_at,
                "attempts": DigestSend.attempts + 1,
                "error": None,
            },
            where=retryable,
        ).returning(DigestSend.user_id)
    )
    return set(claimed)


def _done_elsewhere(db_session: Session, users: Sequence[Row[Any]]) -> set[str]:
    """Of users not claimed, those whose digest for that date is already settled."""
    if not users:
        return set()
    keys = [(user.user_id, user.next_digest_on) for user in users]
    return set(
        db_session.scalars(
            select(DigestSend.user_id).where(
                tuple_(DigestSend.user_id, DigestSend.local_date).in_(keys),
                DigestSend.status.in_(("sent", "empty")),
            )
        )
    )


def _record(db_session: Session, prepared: Sequence[Prepared], now: dt.datetime) -> None:
    if not prepared:
        return
    statement = (
        update(DigestSend)
        .where(
            DigestSend.user_id == bindparam("uid"),
            DigestSend.local_date == bindparam("on"),
        )
        .values(
            status=bindparam("new_status"),
            sent_at=bindparam("sent_at"),
            message_id=bindparam("mid"),
            error=bindparam("err"),
        )
    )
    db_session.connection().execute(
        statement,
        [
            {
                "uid": p.user.user_id,
                "on": p.user.next_digest_on,
                "new_status": p.status,
                "sent_at": now if p.status == "sent" else None,
                "mid": p.message_id,
                "err": p.error[:SEND_ERROR_MAX_CHARS] if p.error else None,
            }
            for p in prepared
        ],
    )


def build_batch(db_session: Session, users: Sequence[Row[Any]]) -> list[Prepared]:
    """Each user's digest for their due date (three statements a user)."""
    prepared = []
    for user in users:
        digest = service.build_digest(
            db_session=db_session,
            user_id=user.user_id,
            on=user.next_digest_on,
            follow_up_days=user.follow_up_days,
        )
        prepared.append(Prepared(user=user, digest=digest))
    return prepared


def _send(prepared: Prepared, mailer: Mailer, setup: MailSetup) -> None:
    digest = prepared.digest
    if digest is None or digest_rules.is_empty(digest):
        prepared.status = "empty"
        return
    token = unsubscribe.sign(setup.ring, user_id=prepared.user.user_id)
    message = mail.digest_message(
        digest,
        sender=setup.sender,
        to=prepared.user.email,
        page_url=setup.page_url,
        unsubscribe=mail.unsubscribe_url(setup.api_url, token),
    )
    try:
        prepared.message_id = mailer.send(message)
        prepared.status = "sent"
    except SendFailed as exc:
        logger.warning("digest not sent: %s", exc)
        prepared.status = "failed"
        prepared.error = str(exc)


def push_summary(digest: Digest, *, page_url: str) -> str:
    """The push's payload: the digest's one-line summary (its subject: counts, never a note)
    and where a tap leads; the service worker shows it (frontend pushWorker.ts)."""
    return json.dumps(
        {
            "title": "Track",
            "body": digest.subject,
            "url": f"{page_url.rstrip('/')}/",
            "tag": f"digest-{digest.date.isoformat()}",
        }
    )


@dataclass
class PushTally:
    delivered: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    failed: int = 0


def _push_batch(
    db_session: Session,
    prepared: Sequence[Prepared],
    pusher: Pusher,
    setup: MailSetup,
    pool: ThreadPoolExecutor | None,
) -> PushTally:
    """The summary to each subscription of the users whose mail went out with push on (as
    rarely as the mail: a retried mail was not sent, so neither was its push)."""
    tally = PushTally()
    wanted = [p for p in prepared if p.status == "sent" and p.user.push and p.digest]
    targets = push.targets_of(db_session=db_session, user_ids=[p.user.user_id for p in wanted])
    db_session.rollback()  # no transaction held open while the push services answer
    jobs = [(targets[p.user.user_id], p.digest) for p in wanted if p.user.user_id in targets]

    def one(job: tuple[list[Any], Digest | None]) -> list[tuple[str, str]]:
        user_targets, digest = job
        assert digest is not None
        data = push_summary(digest, page_url=setup.page_url)
        try:
            outcomes = pusher.push_all(user_targets, data)
        except PushFailed as exc:
            logger.warning("push not sent: %s", exc)
            return [(t.endpoint, "failed") for t in user_targets]
        failed = outcomes.count("failed")
        if failed:
            logger.warning("push not sent: %d of %d subscriptions failed", failed, len(outcomes))
        return [(t.endpoint, o) for t, o in zip(user_targets, outcomes, strict=True)]

    results = pool.map(one, jobs) if pool is not None and len(jobs) > 1 else map(one, jobs)
    for pairs in results:
        for endpoint, outcome in pairs:
            if outcome == "delivered":
                tally.delivered.append(endpoint)
            elif outcome == "gone":
                tally.gone.append(endpoint)
            else:
                tally.failed += 1
    return tally


def run(
    *,
    now: dt.datetime,
    sessions: sessionmaker[Session],
    mailer: Mailer,
    setup: MailSetup,
    time_left_s: Callable[[], float] = lambda: float("inf"),
    batch_size: int = BATCH_SIZE,
    pusher: Pusher | None = None,
) -> list[SentMail]:
    """Send the digests due at `now`; returns what was sent (module docstring)."""
    sent: list[SentMail] = []
    after_at, after_user = _EPOCH, ""
    failures = 0
    push_failures = 0
    # Mailers whose client is thread-safe (SES, the relay) send a batch's mails side by side:
    # each call waits on the network, and SES's own rate (with backoff) is the real limit.
    workers = int(getattr(mailer, "parallel", 1))
    pool = ThreadPoolExecutor(max_workers=workers) if workers > 1 else None
    try:
        while time_left_s() > RESERVE_S:
            with sessions() as db_session:
                users = db_session.execute(
                    DUE,
                    {
                        "now": now,
                        "after_at": after_at,
                        "after_user": after_user,
                        "limit": batch_size,
                    },
                ).all()
                if not users:
                    break
                after_at, after_user = users[-1].next_digest_at, users[-1].user_id
                late = [
                    u for u in users if now >= schedule.local_day_end(u.next_digest_on, u.timezone)
                ]
                late_ids = {u.user_id for u in late}
                on_time = [u for u in users if u.user_id not in late_ids]
                _advance(
                    db_session,
                    [
                        (
                            u,
                            schedule.next_digest(
                                after=now, hour=u.digest_hour, timezone=u.timezone
                            ),
                        )
                        for u in late
                    ],
                )
                claimed = _claim(db_session, on_time, now)
                mine = [u for u in on_time if u.user_id in claimed]
                others = [u for u in on_time if u.user_id not in claimed]
                settled = _done_elsewhere(db_session, others)
                _advance(
                    db_session,
                    [
                        (u, _next(u, sent_on=u.next_digest_on, now=now))
                        for u in others
                        if u.user_id in settled
                    ],
                )
                # The claims are committed before anything is sent.
                db_session.commit()

                prepared = build_batch(db_session, mine)
                db_session.rollback()  # end the read transaction: no connection held idle
                if pool is not None and len(prepared) > 1:
                    list(pool.map(lambda item: _send(item, mailer, setup), prepared))
                else:
                    for item in prepared:
                        _send(item, mailer, setup)
                for item in prepared:
                    if item.status == "sent" and item.digest is not None:
                        sent.append(SentMail(to=item.user.email, subject=item.digest.subject))
                    failures += item.status == "failed"
                _record(db_session, prepared, now)
                _advance(
                    db_session,
                    [
                        (p.user, _next(p.user, sent_on=p.user.next_digest_on, now=now))
                        for p in prepared
                        if p.status in ("sent", "empty")
                    ],
                )
                db_session.commit()
                if pusher is not None:
                    tally = _push_batch(db_session, prepared, pusher, setup, pool)
                    push.record_pushes(
                        db_session=db_session, delivered=tally.delivered, gone=tally.gone, now=now
                    )
                    db_session.commit()
                    push_failures += tally.failed
    finally:
        if pool is not None:
            pool.shutdown()
        mailer.close()
    if failures:
        logger.error("digest run: %d sent, %d failed", len(sent), failures)
    if push_failures:
        logger.error("digest run: %d pushes failed", push_failures)
    return sent


def pause_for_feedback(
    *,
    sessions: sessionmaker[Session],
    message_id: str | None,
    emails: Sequence[str],
    reason: PausedReason,
    now: dt.datetime,
) -> list[str]:
    """Turn the digest off for the user a bounced or complained-about mail went to: found by
    the message id recorded when it was sent, else by the address. Returns the users paused."""
    with sessions() as db_session:
        users: list[str] = []
        if message_id:
            users = list(
                db_session.scalars(
                    select(DigestSend.user_id).where(DigestSend.message_id == message_id)
                )
            )
        if not users:
            for email in emails:
                users += service.users_with_email(db_session=db_session, email=email)
        for user_id in users:
            service.pause_digest(db_session=db_session, user_id=user_id, reason=reason, now=now)
        db_session.commit()
    return users
