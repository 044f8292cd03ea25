"""The scheduled sender against a real database and a real SMTP server (aiosmtpd): one mail per
user and local date, also under two concurrent runs; failures retried; SES via moto; bounces."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
import json
import socket
import threading
import time
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import boto3
import pytest
from aiosmtpd.controller import Controller
from botocore.stub import Stubber
from fastapi.testclient import TestClient
from moto import mock_aws
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from jobtrack import digest_handler
from jobtrack.main import create_app
from jobtrack.notifications import schedule, sender, transport, unsubscribe
from jobtrack.notifications.schemas import SentMail
from jobtrack.platform.db.session import get_engine
from jobtrack.platform.settings import Settings
from tests.conftest import ALICE, BOB, add_event, auth, make_job

BERLIN_ON = {
    "email": "alice@example.com",
    "digest": True,
    "digest_hour": 8,
    "timezone": "Europe/Berlin",
    "follow_up_days": 14,
}
# 08:00 in Berlin on 2026-03-10 (CET, UTC+1).
DUE = dt.datetime(2026, 3, 10, 7, 0, tzinfo=dt.UTC)
RING = unsubscribe.KeyRing(current=b"test mail key")
SETUP = sender.MailSetup(
    sender="Track <track@example.com>",
    page_url="https://track.example.com",
    api_url="https://api.example.com",
    ring=RING,
)


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[str, Inbox]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", inbox
    finally:
        controller.stop()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def run(
    sessions: sessionmaker[Session], mailer: transport.Mailer, now: dt.datetime = DUE
) -> list[SentMail]:
    return sender.run(now=now, sessions=sessions, mailer=mailer, setup=SETUP, batch_size=7)


def turn_on(
    client: TestClient,
    headers: dict[str, str],
    *,
    as_of: dt.datetime = DUE - dt.timedelta(hours=1),
    **change: Any,
) -> None:
    """Save the settings, scheduled as if saved at `as_of` (the PUT schedules from the clock)."""
    body = {**BERLIN_ON, **change}
    response = client.put("/api/notifications/settings", json=body, headers=headers)
    assert response.status_code == 200, response.text
    due = schedule.next_digest(after=as_of, hour=body["digest_hour"], timezone=body["timezone"])
    engine = get_engine()  # the session's test engine (tests/hooks.use_engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE notification_settings SET next_digest_at = :at, next_digest_on = :on"
                " WHERE email = :email"
            ),
            {"at": due.at, "on": due.on, "email": body["email"]},
        )


def interview_on(client: TestClient, headers: dict[str, str], day: str, **fields: Any) -> int:
    job = make_job(client, headers, company=fields.pop("company", "Acme"))
    add_event(
        client,
        headers,
        job["id"],
        "applied",
        event_date="2026-03-01",
        note={"type": "referral", "referrer_name": "Secret Sam"},
    )
    add_event(client, headers, job["id"], "interview", event_date=day, **fields)
    return int(job["id"])


def statuses(engine: Engine) -> dict[tuple[str, str], str]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT user_id, local_date, status FROM digest_sends"))
        return {(r.user_id, r.local_date.isoformat()): r.status for r in rows}


def test_a_due_user_gets_one_mail_listing_every_item_with_links_and_unsubscribe(
    live_client: TestClient, sessions: sessionmaker[Session], smtp: tuple[str, Inbox]
) -> None:
    alice = auth(ALICE)
    turn_on(live_client, alice)
    job_id = interview_on(
        live_client,
        alice,
        "2026-03-10",
        event_time="14:30",
        location="Office <3rd floor>",
        note={"round": 2},
    )
    url, inbox = smtp

    assert run(sessions, transport.SmtpMailer(url), DUE - dt.timedelta(minutes=1)) == []
    sent = run(sessions, transport.SmtpMailer(url))
    assert [(m.to, m.subject) for m in sent] == [("alice@example.com", "Track: 1 today")]
    (message,) = inbox.messages
    assert message["To"] == "alice@example.com"
    assert message["Subject"] == "Track: 1 today"
    unsubscribe_link = message["List-Unsubscribe"]
    assert unsubscribe_link.startswith("<https://api.example.com/api/notifications/unsubscribe?")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = unsubscribe_link.split("token=")[1].rstrip(">")
    assert unsubscribe.verify(RING, token) == ALICE

    text_part = message.get_body(("plain",))
    html_part = message.get_body(("html",))
    assert text_part is not None
    assert html_part is not None
    plain, html = text_part.get_content(), html_part.get_content()
    for expected in ("Interview round 2", "Acme", "Backend Engineer", "Tue 10 Mar, 14:30"):
        assert expected in plain
        assert expected in html
    assert "Office <3rd floor>" in plain
    assert "Office &lt;3rd floor&gt;" in html  # autoescaped
    assert f"https://track.example.com/jobs/{job_id}" in plain
    assert f'href="https://track.example.com/jobs/{job_id}"' in html
    assert "Secret Sam" not in message.as_string()
    assert 'name="color-scheme"' in html
    assert "prefers-color-scheme: dark" in html

    # The same hour again, and later that day: nothing more.
    assert run(sessions, transport.SmtpMailer(url)) == []
    assert run(sessions, transport.SmtpMailer(url), DUE + dt.timedelta(hours=5)) == []
    assert len(inbox.messages) == 1


def test_an_empty_digest_sends_nothing_and_the_user_moves_to_the_next_day(
    live_client: TestClient,
    sessions: sessionmaker[Session],
    smtp: tuple[str, Inbox],
    engine: Engine,
) -> None:
    turn_on(live_client, auth(ALICE))
    url, inbox = smtp
    assert run(sessions, transport.SmtpMailer(url)) == []
    assert inbox.messages == []
    assert statuses(engine) == {(ALICE, "2026-03-10"): "empty"}
    with engine.connect() as conn:
        next_on = conn.execute(text("SELECT next_digest_on FROM notification_settings")).scalar()
    assert next_on == dt.date(2026, 3, 11)


def test_a_zone_ahead_of_utc_gets_the_digest_of_its_own_local_date(
    live_client: TestClient, sessions: sessionmaker[Session], smtp: tuple[str, Inbox]
) -> None:
    bob = auth(BOB)
    # 07:00 in Auckland on 2026-03-10 is 18:00 UTC on 2026-03-09.
    turn_on(
        live_client,
        bob,
        email="bob@example.com",
        timezone="Pacific/Auckland",
        digest_hour=7,
        as_of=dt.datetime(2026, 3, 9, 12, 0, tzinfo=dt.UTC),
    )
    interview_on(live_client, bob, "2026-03-10", company="Kiwi")
    interview_on(live_client, bob, "2026-03-09", company="Yesterday")
    url, inbox = smtp
    send_at = dt.datetime(2026, 3, 9, 18, 0, tzinfo=dt.UTC)
    sent = run(sessions, transport.SmtpMailer(url), send_at)
    assert [m.subject for m in sent] == ["Track: 1 today"]
    plain = inbox.messages[0].get_body(("plain",))
    assert plain is not None
    assert "Kiwi" in plain.get_content()
    assert "Yesterday" not in plain.get_content()


class SlowMailer:
    """Records every mail; slow enough that two runs overlap. Sends four at a time, as the SES
    and relay mailers do (`parallel`)."""

    parallel = 4

    def __init__(self, box: list[str], lock: threading.Lock, fail_for: set[str] = frozenset()):  # type: ignore[assignment]
        self.box, self.lock, self.fail_for = box, lock, fail_for

    def send(self, message: EmailMessage) -> str:
        time.sleep(0.01)
        if str(message["To"]) in self.fail_for:
            raise transport.SendFailed("refused")
        with self.lock:
            self.box.append(str(message["To"]))
        return f"id-{message['To']}"

    def close(self) -> None:
        return None


def test_two_overlapping_runs_send_each_user_one_mail(
    live_client: TestClient, sessions: sessionmaker[Session], engine: Engine
) -> None:
    users = [f"user{n:02d}" for n in range(24)]
    for user in users:
        headers = auth(user)
        turn_on(live_client, headers, email=f"{user}@example.com")
        interview_on(live_client, headers, "2026-03-10")
    box: list[str] = []
    lock = threading.Lock()
    results: list[list[SentMail]] = []
    barrier = threading.Barrier(2)

    def one_run() -> None:
        barrier.wait()
        results.append(run(sessions, SlowMailer(box, lock)))

    threads = [threading.Thread(target=one_run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(box) == sorted(f"{u}@example.com" for u in users)
    assert sum(len(r) for r in results) == len(users)
    assert set(statuses(engine).values()) == {"sent"}


def test_a_failed_send_is_retried_by_the_next_run_and_the_others_are_not(
    live_client: TestClient, sessions: sessionmaker[Session], engine: Engine
) -> None:
    for user in (ALICE, BOB):
        turn_on(live_client, auth(user), email=f"{user}@example.com")
        interview_on(live_client, auth(user), "2026-03-10")
    box: list[str] = []
    lock = threading.Lock()
    run(sessions, SlowMailer(box, lock, fail_for={"bob@example.com"}))
    assert box == ["alice@example.com"]
    assert statuses(engine) == {(ALICE, "2026-03-10"): "sent", (BOB, "2026-03-10"): "failed"}

    run(sessions, SlowMailer(box, lock), DUE + dt.timedelta(hours=1))
    assert box == ["alice@example.com", "bob@example.com"]
    assert set(statuses(engine).values()) == {"sent"}
    with engine.connect() as conn:
        attempts = conn.execute(
            text("SELECT attempts FROM digest_sends WHERE user_id = :u"), {"u": BOB}
        ).scalar()
    assert attempts == 2


def test_a_claim_whose_run_died_is_retried_once_it_is_stale(
    live_client: TestClient, sessions: sessionmaker[Session], engine: Engine
) -> None:
    turn_on(live_client, auth(ALICE))
    interview_on(live_client, auth(ALICE), "2026-03-10")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO digest_sends (user_id, local_date, status, claimed_at)"
                " VALUES (:u, '2026-03-10', 'sending', :at)"
            ),
            {"u": ALICE, "at": DUE},
        )
    box: list[str] = []
    lock = threading.Lock()
    run(sessions, SlowMailer(box, lock), DUE + dt.timedelta(minutes=5))
    assert box == []  # another run may still be sending it
    run(sessions, SlowMailer(box, lock), DUE + dt.timedelta(hours=1))
    assert box == ["alice@example.com"]


def test_a_run_after_the_local_day_ended_skips_that_day(
    live_client: TestClient, sessions: sessionmaker[Session], engine: Engine
) -> None:
    turn_on(live_client, auth(ALICE))
    interview_on(live_client, auth(ALICE), "2026-03-10")
    box: list[str] = []
    run(
        sessions, SlowMailer(box, threading.Lock()), dt.datetime(2026, 3, 10, 23, 30, tzinfo=dt.UTC)
    )
    assert box == []
    with engine.connect() as conn:
        next_on = conn.execute(text("SELECT next_digest_on FROM notification_settings")).scalar()
    assert next_on == dt.date(2026, 3, 11)


def test_the_dev_route_runs_the_sender_through_smtp(
    settings: Settings, engine: Engine, smtp: tuple[str, Inbox]
) -> None:
    url, inbox = smtp
    app = create_app(settings.model_copy(update={"smtp_url": url}))
    try:
        with TestClient(app) as client:
            alice = auth(ALICE)
            turn_on(client, alice)
            interview_on(client, alice, "2026-03-10")
            response = client.post(
                "/api/dev/notifications/run",
                json={"now": "2026-03-10T08:05:00+01:00"},
                headers=alice,
            )
            assert response.status_code == 200, response.text
            assert response.json() == {
                "sent": [{"to": "alice@example.com", "subject": "Track: 1 today"}]
            }
            link = inbox.messages[0]["List-Unsubscribe"].strip("<>")
            assert link.startswith("http://testserver/api/notifications/unsubscribe?token=")
            path = link.removeprefix("http://testserver")
            assert client.post(path, content="List-Unsubscribe=One-Click").status_code == 200
            after = client.get("/api/notifications/settings", headers=alice).json()
            assert (after["digest"], after["digest_paused_reason"]) == (False, "unsubscribed")
            bad = client.post(
                "/api/dev/notifications/run", json={"now": "2026-03-10T08:05:00"}, headers=alice
            )
            assert bad.status_code == 422
    finally:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "TRUNCATE job_tracking, tracking_events, notification_settings, digest_sends"
                    " RESTART IDENTITY CASCADE"
                )
            )


def test_the_dev_route_is_404_outside_dev_mode(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"auth_mode": "cognito"}))
    with TestClient(app) as client:
        response = client.post("/api/dev/notifications/run", json={"now": "2026-03-10T08:05:00Z"})
        assert response.status_code == 404


# ---- SES ------------------------------------------------------------------------------------


def test_ses_gets_the_raw_mail_with_the_configuration_set(
    live_client: TestClient, sessions: sessionmaker[Session]
) -> None:
    turn_on(live_client, auth(ALICE))
    interview_on(live_client, auth(ALICE), "2026-03-10")
    with mock_aws():
        client = boto3.client("sesv2", region_name="us-east-1")
        client.create_email_identity(EmailIdentity="example.com")
        client.create_configuration_set(ConfigurationSetName="track-digest")
        mailer = transport.SesMailer(client, configuration_set="track-digest")
        assert [m.to for m in run(sessions, mailer)] == ["alice@example.com"]
        from moto.ses.models import ses_backends

        (raw,) = ses_backends["123456789012"]["us-east-1"].sent_messages
        message = email.message_from_string(raw.raw_data, policy=email.policy.default)
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message.get_body(("html",)) is not None


def _throttled_client(throttles: int) -> tuple[Any, Stubber]:
    client = boto3.client(
        "sesv2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    stubber = Stubber(client)
    for _ in range(throttles):
        stubber.add_client_error(
            "send_email", service_error_code="TooManyRequestsException", http_status_code=429
        )
    stubber.add_response("send_email", {"MessageId": "ses-1"})
    return client, stubber


def _message() -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "t@example.com", "a@example.com", "s"
    message.set_content("x")
    return message


def test_ses_throttling_is_retried_with_growing_waits() -> None:
    client, stubber = _throttled_client(3)
    waits: list[float] = []
    with stubber:
        mailer = transport.SesMailer(client, configuration_set="cs", sleep=waits.append)
        assert mailer.send(_message()) == "ses-1"
    assert len(waits) == 3
    assert waits[0] < waits[2]


def test_ses_throttling_gives_up_when_the_run_has_no_time_left() -> None:
    client, stubber = _throttled_client(3)
    waits: list[float] = []
    with stubber:
        mailer = transport.SesMailer(
            client, configuration_set="cs", sleep=waits.append, time_left_s=lambda: 3.0
        )
        with pytest.raises(transport.SendFailed, match="next run retries"):
            mailer.send(_message())
    assert waits == []


def test_an_ses_refusal_is_a_failed_send() -> None:
    client = boto3.client(
        "sesv2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    with Stubber(client) as stubber:
        stubber.add_client_error("send_email", service_error_code="MessageRejected")
        with pytest.raises(transport.SendFailed, match="MessageRejected"):
            transport.SesMailer(client, configuration_set=None).send(_message())


def _sns(message: dict[str, Any]) -> dict[str, Any]:
    return {"Records": [{"EventSource": "aws:sns", "Sns": {"Message": json.dumps(message)}}]}


def test_a_permanent_bounce_turns_that_users_digest_off_and_says_so(
    live_client: TestClient, sessions: sessionmaker[Session]
) -> None:
    alice, bob = auth(ALICE), auth(BOB)
    turn_on(live_client, alice)
    turn_on(live_client, bob, email="bob@example.com")
    interview_on(live_client, alice, "2026-03-10")
    box: list[str] = []
    run(sessions, SlowMailer(box, threading.Lock()))
    transient = {
        "eventType": "Bounce",
        "bounce": {"bounceType": "Transient", "bouncedRecipients": [
            {"emailAddress": "alice@example.com"}]},
        "mail": {"messageId": "id-alice@example.com"},
    }  # fmt: skip
    assert digest_handler.handler(_sns(transient), None) == {"paused": 0}
    permanent = {**transient, "bounce": {**transient["bounce"], "bounceType": "Permanent"}}  # type: ignore[dict-item]
    assert digest_handler.handler(_sns(permanent), None) == {"paused": 1}
    after = live_client.get("/api/notifications/settings", headers=alice).json()
    assert (after["digest"], after["digest_paused_reason"]) == (False, "bounce")
    assert live_client.get("/api/notifications/settings", headers=bob).json()["digest"] is True

    complaint = {
        "notificationType": "Complaint",
        "complaint": {"complainedRecipients": [{"emailAddress": "bob@example.com"}]},
        "mail": {"messageId": "unknown"},
    }
    assert digest_handler.handler(_sns(complaint), None) == {"paused": 1}
    bob_after = live_client.get("/api/notifications/settings", headers=bob).json()
    assert bob_after["digest_paused_reason"] == "complaint"


class FakeLambda:
    """Invokes the relay in process, as Lambda would (JSON in, JSON out)."""

    def __init__(self, ses: transport.SesMailer) -> None:
        self.ses = ses

    def invoke(self, *, FunctionName: str, Payload: bytes) -> dict[str, Any]:
        assert FunctionName == "track-dev-mail-relay"
        answer = transport.relay(json.loads(Payload), self.ses)
        return {"StatusCode": 200, "Payload": io.BytesIO(json.dumps(answer).encode())}


def test_the_relay_function_sends_through_ses_and_reports_refusals() -> None:
    message = _message()
    with mock_aws():
        client = boto3.client("sesv2", region_name="us-east-1")
        client.create_email_identity(EmailIdentity="example.com")
        relay = transport.RelayMailer(
            FakeLambda(transport.SesMailer(client, configuration_set=None)),
            function_name="track-dev-mail-relay",
        )
        assert relay.send(message)
    refusing = boto3.client(
        "sesv2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    with Stubber(refusing) as stubber:
        stubber.add_client_error("send_email", service_error_code="MessageRejected")
        relay = transport.RelayMailer(
            FakeLambda(transport.SesMailer(refusing, configuration_set=None)),
            function_name="track-dev-mail-relay",
        )
        with pytest.raises(transport.SendFailed, match="MessageRejected"):
            relay.send(message)
