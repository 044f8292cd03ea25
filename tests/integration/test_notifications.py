"""Notification settings, the digest route and the unsubscribe link over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, text

from jobtrack.notifications import unsubscribe
from jobtrack.platform.settings import Settings
from tests.conftest import ALICE, add_event, make_job
from tests.integration.test_query_counts import count_statements

DEFAULTS = {
    "email": None,
    "digest": False,
    "digest_hour": 7,
    "timezone": "UTC",
    "follow_up_days": 14,
    "push": False,
    "digest_paused_reason": None,
}
ON = {
    "email": "alice@example.com",
    "digest": True,
    "digest_hour": 8,
    "timezone": "Europe/Berlin",
    "follow_up_days": 10,
}


def put(client: TestClient, headers: dict[str, str], body: dict[str, Any]) -> Any:
    return client.put("/api/notifications/settings", json=body, headers=headers)


def test_settings_start_at_the_defaults(client: TestClient, alice: dict[str, str]) -> None:
    response = client.get("/api/notifications/settings", headers=alice)
    assert response.status_code == 200
    assert response.json() == DEFAULTS
    assert response.headers["cache-control"] == "no-store"


def test_a_put_replaces_the_settings_and_schedules_the_next_digest(
    client: TestClient, alice: dict[str, str], bob: dict[str, str], connection: Connection
) -> None:
    response = put(client, alice, ON)
    assert response.status_code == 200, response.text
    assert response.json() == {**ON, "push": False, "digest_paused_reason": None}
    assert client.get("/api/notifications/settings", headers=alice).json()["email"] == ON["email"]
    assert client.get("/api/notifications/settings", headers=bob).json() == DEFAULTS
    row = connection.execute(
        text(
            "SELECT next_digest_at, next_digest_on, extract(minute FROM next_digest_at"
            " AT TIME ZONE 'Europe/Berlin') AS minute, extract(hour FROM next_digest_at"
            " AT TIME ZONE 'Europe/Berlin') AS hour FROM notification_settings"
            " WHERE user_id = :u"
        ),
        {"u": ALICE},
    ).one()
    assert (row.hour, row.minute) == (8, 0)

    off = put(client, alice, {**ON, "digest": False})
    assert off.json()["digest"] is False
    assert (
        connection.execute(
            text("SELECT next_digest_at FROM notification_settings WHERE user_id = :u"),
            {"u": ALICE},
        ).scalar()
        is None
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"email": "a@b.c\r\nBcc: x@y.z"}, "email"),
        ({"email": "a" * 250 + "@example.com"}, "email"),
        ({"digest_hour": 24}, "digest_hour"),
        ({"digest_hour": -1}, "digest_hour"),
        ({"digest_hour": "7"}, "digest_hour"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"timezone": "localtime"}, "timezone"),
        ({"follow_up_days": 2}, "follow_up_days"),
        ({"follow_up_days": 61}, "follow_up_days"),
        ({"digest": "yes"}, "digest"),
        ({"email": None}, "email"),  # digest on with no address
        ({"extra": 1}, "extra"),
    ],
)
def test_a_bad_value_is_422_naming_the_field(
    client: TestClient, alice: dict[str, str], change: dict[str, Any], field: str
) -> None:
    response = put(client, alice, {**ON, **change})
    assert response.status_code == 422, response.text
    assert field in [part for error in response.json()["detail"] for part in error["loc"]]
    assert client.get("/api/notifications/settings", headers=alice).json() == DEFAULTS


def test_the_whole_object_is_required(client: TestClient, alice: dict[str, str]) -> None:
    response = put(client, alice, {"digest": False})
    assert response.status_code == 422
    assert put(client, alice, {**ON, "digest": False, "email": None}).status_code == 200


def _interview(client: TestClient, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    job = make_job(client, headers, company=fields.pop("company", "Acme"))
    add_event(client, headers, job["id"], "applied", event_date="2026-03-01")
    add_event(client, headers, job["id"], "interview", **fields)
    return job


def test_the_digest_route_lists_today_the_next_days_and_follow_ups(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    put(client, alice, {**ON, "follow_up_days": 7})
    job = _interview(
        client,
        alice,
        event_date="2026-03-10",
        event_time="09:30",
        location="Zoom",
        note={"round": 2},
    )
    later = _interview(client, alice, company="Later", event_date="2026-03-12")
    quiet = make_job(client, alice, company="Quiet")
    add_event(client, alice, quiet["id"], "applied", event_date="2026-03-01")
    _interview(client, bob, company="Bob's", event_date="2026-03-10")

    response = client.get("/api/notifications/digest", params={"date": "2026-03-10"}, headers=alice)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["date"] == "2026-03-10"
    assert [s["kind"] for s in body["sections"]] == ["today", "next_days", "follow_up"]
    today, next_days, follow_up = (s["items"] for s in body["sections"])
    assert today == [
        {
            "job_id": job["id"],
            "company": "Acme",
            "title": "Backend Engineer",
            "label": "Interview round 2",
            "date": "2026-03-10",
            "time": "09:30",
            "location": "Zoom",
        }
    ]
    assert [(i["job_id"], i["date"]) for i in next_days] == [(later["id"], "2026-03-12")]
    assert follow_up == [
        {
            "job_id": quiet["id"],
            "company": "Quiet",
            "title": "Backend Engineer",
            "label": "No reply for 9 days",
            "date": "2026-03-01",
            "time": None,
            "location": None,
        }
    ]
    assert body["subject"] == "Track: 1 today, 1 in the next 3 days, 1 job to follow up"


def test_an_empty_digest_has_no_sections(client: TestClient, alice: dict[str, str]) -> None:
    body = client.get(
        "/api/notifications/digest", params={"date": "2026-03-10"}, headers=alice
    ).json()
    assert body["sections"] == []
    for date in ("9999-12-31", "0001-01-01"):
        response = client.get("/api/notifications/digest", params={"date": date}, headers=alice)
        assert response.status_code == 200, response.text
    bad = client.get("/api/notifications/digest", params={"date": "2026-3-1"}, headers=alice)
    assert bad.status_code == 422


def _token(settings: Settings, user_id: str = ALICE, purpose: str = "unsubscribe") -> str:
    return unsubscribe.sign(unsubscribe.key_ring(settings), user_id=user_id, purpose=purpose)


def test_the_unsubscribe_link_shows_a_page_that_changes_nothing(
    client: TestClient, alice: dict[str, str], settings: Settings
) -> None:
    put(client, alice, ON)
    url = "/api/notifications/unsubscribe"
    page = client.get(url, params={"token": _token(settings)})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "script-src" not in csp
    assert "default-src 'none'" in csp
    assert "form-action 'self'" in csp
    assert '<form method="post"' in page.text
    assert "<script" not in page.text
    assert client.get("/api/notifications/settings", headers=alice).json()["digest"] is True


def test_one_click_turns_the_digest_off_and_says_so(
    client: TestClient, alice: dict[str, str], settings: Settings
) -> None:
    put(client, alice, ON)
    response = client.post(
        "/api/notifications/unsubscribe",
        params={"token": _token(settings)},
        content="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"digest": False}
    after = client.get("/api/notifications/settings", headers=alice).json()
    assert after["digest"] is False
    assert after["digest_paused_reason"] == "unsubscribed"
    # Turning it on again clears the reason.
    assert put(client, alice, ON).json()["digest_paused_reason"] is None


def test_an_empty_post_from_a_browser_form_answers_a_page(
    client: TestClient, alice: dict[str, str], settings: Settings
) -> None:
    put(client, alice, ON)
    response = client.post(
        "/api/notifications/unsubscribe",
        params={"token": _token(settings)},
        headers={"Accept": "text/html"},
    )
    assert response.status_code == 200
    assert "You are unsubscribed" in response.text
    assert client.get("/api/notifications/settings", headers=alice).json()["digest"] is False


@pytest.mark.parametrize("how", ["forged", "other_purpose", "unknown_key", "garbage", "empty"])
def test_a_bad_token_is_404_and_changes_nothing(
    client: TestClient, alice: dict[str, str], settings: Settings, how: str
) -> None:
    put(client, alice, ON)
    good = _token(settings)
    token = {
        "forged": good[:-2] + ("AA" if not good.endswith("AA") else "BB"),
        "other_purpose": _token(settings, purpose="export"),
        "unknown_key": unsubscribe.sign(unsubscribe.KeyRing(current=b"another key"), user_id=ALICE),
        "garbage": "not.a.token",
        "empty": "",
    }[how]
    for method in ("GET", "POST"):
        response = client.request(method, "/api/notifications/unsubscribe", params={"token": token})
        assert response.status_code in (404, 422), response.text
        if how != "empty":
            assert response.status_code == 404
    assert client.get("/api/notifications/settings", headers=alice).json()["digest"] is True


def test_the_digest_costs_at_most_four_statements_whatever_the_history(
    client: TestClient, alice: dict[str, str], engine: Engine
) -> None:
    put(client, alice, ON)
    for day in ("2026-03-10", "2026-03-11", "2026-03-12"):
        job = make_job(client, alice)
        add_event(client, alice, job["id"], "applied", event_date="2026-02-01")
        add_event(client, alice, job["id"], "interview", event_date=day)
    with count_statements(engine) as statements:
        response = client.get(
            "/api/notifications/digest", params={"date": "2026-03-10"}, headers=alice
        )
    assert response.status_code == 200
    # The settings, the events in the window, their jobs, the follow-ups.
    assert len(statements) <= 4
