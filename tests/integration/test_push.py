"""Web Push end to end: the subscription routes, and the scheduled sender pushing the digest's
summary to a local push service that checks the VAPID signature and decrypts what it gets
(scripts/pushcatcher.py, as a browser would), with dead subscriptions removed."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session, sessionmaker

from jobtrack.main import create_app
from jobtrack.notifications import vapid, webpush
from jobtrack.notifications.schemas import Digest
from jobtrack.platform.settings import Settings
from tests.conftest import ALICE, BOB, app_in_test_transaction, auth
from tests.integration.test_digest_sender import (
    DUE,
    SETUP,
    Inbox,
    interview_on,
    sessions,  # noqa: F401 - a fixture, used by name
    smtp,  # noqa: F401 - a fixture, used by name
    turn_on,
)
from tests.scripts import load_script

pushcatcher = load_script("pushcatcher")
KEYS = vapid.generate()
SUBSCRIPTIONS = "/api/notifications/push/subscriptions"


@pytest.fixture
def catcher(tmp_path: Path) -> Iterator[tuple[Any, str, Path]]:
    server, caught, base_url, cert = pushcatcher.serve(tmp_path / "push")
    try:
        yield caught, base_url, cert
    finally:
        server.shutdown()


def push_settings(settings: Settings, cert: Path | None = None) -> Settings:
    return settings.model_copy(
        update={
            "vapid_private_key": KEYS.private_key,
            "push_hosts": ["127.0.0.1", "*.push.example"],
            "push_ca_bundle": str(cert) if cert else None,
        }
    )


@pytest.fixture
def push_client(settings: Settings, connection: Connection) -> Iterator[TestClient]:
    app = app_in_test_transaction(push_settings(settings), connection)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def browser(endpoint: str = "https://a.push.example/1") -> dict[str, Any]:
    """A subscription as a browser's `toJSON()` gives it (real P-256 and auth sizes)."""
    keys = vapid.generate()
    return {
        "endpoint": endpoint,
        "expirationTime": None,
        "keys": {"p256dh": keys.public_key, "auth": vapid.b64url(b"0123456789abcdef")},
    }


def endpoints(connection: Connection | Engine, user: str) -> list[str]:
    sql = text("SELECT endpoint FROM push_subscriptions WHERE user_id = :u ORDER BY id")
    if isinstance(connection, Engine):
        with connection.connect() as conn:
            return list(conn.execute(sql, {"u": user}).scalars())
    return list(connection.execute(sql, {"u": user}).scalars())


# ---- the routes ---------------------------------------------------------------------------


def test_the_key_is_the_servers_public_vapid_key(push_client: TestClient) -> None:
    response = push_client.get("/api/notifications/push/key", headers=auth(ALICE))
    assert response.status_code == 200
    key = vapid.unb64url(response.json()["public_key"])
    assert len(key) == 65
    assert key[0] == 4
    assert response.json() == {"public_key": KEYS.public_key}


def test_without_a_vapid_key_push_is_off(client: TestClient) -> None:
    response = client.get("/api/notifications/push/key", headers=auth(ALICE))
    assert response.status_code == 404
    assert "VAPID" in response.json()["detail"]


def test_subscribe_keeps_the_browser_and_the_same_endpoint_again_takes_new_keys(
    push_client: TestClient, connection: Connection
) -> None:
    first = browser()
    response = push_client.post(SUBSCRIPTIONS, json=first, headers=auth(ALICE))
    assert response.status_code == 201, response.text
    assert response.json()["endpoint"] == first["endpoint"]
    again = browser()
    assert push_client.post(SUBSCRIPTIONS, json=again, headers=auth(ALICE)).status_code == 201
    row = connection.execute(text("SELECT user_id, p256dh FROM push_subscriptions")).one()
    assert (row.user_id, row.p256dh) == (ALICE, again["keys"]["p256dh"])


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"endpoint": "http://a.push.example/1"}, "endpoint", "https"),
        ({"endpoint": "https://evil.example/x"}, "endpoint", "push service"),
        ({"endpoint": "https://169.254.169.254/latest"}, "endpoint", "push service"),
        ({"endpoint": "https://a.push.example/" + "x" * 2000}, "endpoint", "2000"),
        ({"keys": {"p256dh": "AAAA", "auth": vapid.b64url(b"0" * 16)}}, "p256dh", "65 bytes"),
        ({"keys": {"p256dh": vapid.generate().public_key, "auth": "AAAA"}}, "auth", "16 bytes"),
        (
            {"keys": {"p256dh": "!" * 87, "auth": vapid.b64url(b"0" * 16)}},
            "p256dh",
            "base64url",
        ),
        ({"keys": {"p256dh": vapid.generate().public_key}}, "auth", "required"),
    ],
)
def test_subscribe_refuses_a_bad_subscription_naming_the_field(
    push_client: TestClient,
    connection: Connection,
    change: dict[str, Any],
    field: str,
    words: str,
) -> None:
    response = push_client.post(SUBSCRIPTIONS, json={**browser(), **change}, headers=auth(ALICE))
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert any(field in map(str, d["loc"]) and words in d["msg"].lower() for d in detail), detail
    assert endpoints(connection, ALICE) == []


def test_at_most_ten_subscriptions_the_oldest_replaced(
    push_client: TestClient, connection: Connection
) -> None:
    for n in range(12):
        body = browser(f"https://a.push.example/{n}")
        assert push_client.post(SUBSCRIPTIONS, json=body, headers=auth(ALICE)).status_code == 201
    kept = endpoints(connection, ALICE)
    assert sorted(kept) == sorted(f"https://a.push.example/{n}" for n in range(2, 12))


def test_an_endpoint_another_user_had_moves_to_the_caller_and_delete_is_per_user(
    push_client: TestClient, connection: Connection
) -> None:
    shared = browser("https://a.push.example/shared")
    assert push_client.post(SUBSCRIPTIONS, json=shared, headers=auth(BOB)).status_code == 201
    # Bob cannot remove what Alice holds, nor learn of it.
    assert push_client.post(SUBSCRIPTIONS, json=shared, headers=auth(ALICE)).status_code == 201
    assert endpoints(connection, BOB) == []
    assert endpoints(connection, ALICE) == [shared["endpoint"]]
    gone = push_client.request(
        "DELETE", SUBSCRIPTIONS, json={"endpoint": shared["endpoint"]}, headers=auth(BOB)
    )
    assert gone.status_code == 404
    assert endpoints(connection, ALICE) == [shared["endpoint"]]
    mine = push_client.request(
        "DELETE", SUBSCRIPTIONS, json={"endpoint": shared["endpoint"]}, headers=auth(ALICE)
    )
    assert mine.status_code == 204
    assert endpoints(connection, ALICE) == []


def test_the_settings_push_toggle_is_kept_and_left_out_keeps_it(
    push_client: TestClient,
) -> None:
    body = {
        "email": None,
        "digest": False,
        "digest_hour": 7,
        "timezone": "UTC",
        "follow_up_days": 14,
    }
    url = "/api/notifications/settings"
    assert push_client.get(url, headers=auth(ALICE)).json()["push"] is False
    on = push_client.put(url, json={**body, "push": True}, headers=auth(ALICE))
    assert on.status_code == 200
    assert on.json()["push"] is True
    kept = push_client.put(url, json=body, headers=auth(ALICE))
    assert kept.json()["push"] is True
    off = push_client.put(url, json={**body, "push": False}, headers=auth(ALICE))
    assert off.json()["push"] is False
    refused = push_client.put(url, json={**body, "push": "yes"}, headers=auth(ALICE))
    assert refused.status_code == 422


# ---- the sender ---------------------------------------------------------------------------


@pytest.fixture
def push_live(
    settings: Settings, engine: Engine, catcher: tuple[Any, str, Path]
) -> Iterator[tuple[TestClient, webpush.Pusher, Any, str]]:
    caught, base_url, cert = catcher
    app: FastAPI = create_app(push_settings(settings, cert))
    pusher = webpush.pusher_for(push_settings(settings, cert))
    assert pusher is not None
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, pusher, caught, base_url
    with engine.begin() as conn:
        conn.execute(
            text(
                "TRUNCATE job_tracking, tracking_events, notification_settings, digest_sends,"
                " push_subscriptions RESTART IDENTITY CASCADE"
            )
        )


def subscribe_in_catcher(
    client: TestClient, catcher: Any, base_url: str, user: str
) -> dict[str, Any]:
    """A browser subscribing: its keys made by the catcher, its subscription posted to us."""
    made = catcher.subscribe().as_json(base_url)
    assert client.post(SUBSCRIPTIONS, json=made, headers=auth(user)).status_code == 201
    return dict(made)


def test_the_sender_pushes_the_summary_the_browser_decrypts(
    push_live: tuple[TestClient, webpush.Pusher, Any, str],
    sessions: sessionmaker[Session],  # noqa: F811 - the fixture
    smtp: tuple[str, Inbox],  # noqa: F811 - the fixture
    engine: Engine,
) -> None:
    client, pusher, caught, base_url = push_live
    alice = auth(ALICE)
    turn_on(client, alice, push=True)
    interview_on(client, alice, "2026-03-10", event_time="14:30", note={"round": 2})
    phone = subscribe_in_catcher(client, caught, base_url, ALICE)
    laptop = subscribe_in_catcher(client, caught, base_url, ALICE)
    # Bob pushes nothing: his push is off.
    turn_on(client, auth(BOB), email="bob@example.com", push=False)
    interview_on(client, auth(BOB), "2026-03-10")
    subscribe_in_catcher(client, caught, base_url, BOB)

    from jobtrack.notifications import sender, transport

    def send() -> list[Any]:
        return sender.run(
            now=DUE,
            sessions=sessions,
            mailer=transport.SmtpMailer(smtp[0]),
            setup=SETUP,
            pusher=pusher,
        )

    assert len(send()) == 2
    assert caught.refused == []
    got = sorted(caught.received, key=lambda r: r.subscription)
    assert sorted(r.subscription for r in got) == sorted(
        s["endpoint"].rsplit("/", 1)[1] for s in (phone, laptop)
    )
    for received in got:
        payload = json.loads(received.payload)
        assert payload == {
            "title": "Track",
            "body": "Track: 1 today",
            "url": "https://track.example.com/",
            "tag": "digest-2026-03-10",
        }
        assert received.vapid_key == KEYS.public_key
        assert received.vapid_sub == "mailto:track@localhost"
        assert "Secret Sam" not in received.payload
        assert "round" not in received.payload
    with engine.connect() as conn:
        stamped = conn.execute(
            text("SELECT count(*) FROM push_subscriptions WHERE last_sent_at IS NOT NULL")
        ).scalar()
    assert stamped == 2
    # As rarely as the mail: the same hour again pushes nothing more.
    assert send() == []
    assert len(caught.received) == 2


def test_a_subscription_the_push_service_calls_gone_is_removed_and_others_stay(
    push_live: tuple[TestClient, webpush.Pusher, Any, str],
    sessions: sessionmaker[Session],  # noqa: F811 - the fixture
    smtp: tuple[str, Inbox],  # noqa: F811 - the fixture
    engine: Engine,
) -> None:
    client, pusher, caught, base_url = push_live
    alice = auth(ALICE)
    turn_on(client, alice, push=True)
    interview_on(client, alice, "2026-03-10")
    dead = subscribe_in_catcher(client, caught, base_url, ALICE)
    alive = subscribe_in_catcher(client, caught, base_url, ALICE)
    caught.subscriptions[dead["endpoint"].rsplit("/", 1)[1]].gone = True
    from jobtrack.notifications import sender, transport

    sent = sender.run(
        now=DUE,
        sessions=sessions,
        mailer=transport.SmtpMailer(smtp[0]),
        setup=SETUP,
        pusher=pusher,
    )
    assert len(sent) == 1
    assert endpoints(engine, ALICE) == [alive["endpoint"]]
    assert [r.subscription for r in caught.received] == [alive["endpoint"].rsplit("/", 1)[1]]


class Refusing:
    """A push service that is down: every push fails."""

    def push_all(self, targets: Any, data: str) -> list[webpush.Outcome]:
        raise webpush.PushFailed("the push service answered 503")


def test_a_failing_push_service_never_fails_the_mail(
    live_client: TestClient,
    sessions: sessionmaker[Session],  # noqa: F811 - the fixture
    smtp: tuple[str, Inbox],  # noqa: F811 - the fixture
    engine: Engine,
    caplog: pytest.LogCaptureFixture,
) -> None:
    alice = auth(ALICE)
    turn_on(live_client, alice, push=True)
    interview_on(live_client, alice, "2026-03-10")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth)"
                " VALUES (:u, 'https://a.push.example/1', :k, :a)"
            ),
            {"u": ALICE, "k": vapid.generate().public_key, "a": vapid.b64url(b"0" * 16)},
        )
    from jobtrack.notifications import sender, transport

    sent = sender.run(
        now=DUE,
        sessions=sessions,
        mailer=transport.SmtpMailer(smtp[0]),
        setup=SETUP,
        pusher=Refusing(),
    )
    assert [m.to for m in sent] == ["alice@example.com"]
    assert len(smtp[1].messages) == 1
    assert endpoints(engine, ALICE) == ["https://a.push.example/1"]  # kept for next time
    assert "1 pushes failed" in caplog.text


def test_the_summary_is_the_subject_and_nothing_else() -> None:
    from jobtrack.notifications import sender

    digest = Digest(date=dt.date(2026, 3, 10), subject="Track: 2 today", sections=[])
    assert json.loads(sender.push_summary(digest, page_url="https://t.example")) == {
        "title": "Track",
        "body": "Track: 2 today",
        "url": "https://t.example/",
        "tag": "digest-2026-03-10",
    }
