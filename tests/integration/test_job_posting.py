"""The posting a job keeps: saved with the job or patched, made safe by the server, read with
one job (`posting`) and flagged in the list (`has_posting`), searched by its words."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from tests.conftest import add_event, make_job
from tests.integration.test_query_counts import count_statements

POSTING = {
    "description_html": "<p>Build <b>payments</b> APIs.</p><ul><li>Python</li><li>Go</li></ul>",
    "employment_type": "FULL_TIME",
    "date_posted": "2026-11-20",
    "valid_through": "2026-12-31",
    "salary": {"min": 90000, "max": 120000, "currency": "EUR", "unit": "YEAR"},
    "remote": True,
}


def _read(client: TestClient, headers: dict[str, str], job_id: int) -> dict[str, Any]:
    response = client.get(f"/api/tracked/{job_id}", headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_a_job_saved_with_its_posting_reads_it_back_and_the_list_flags_it(
    client: TestClient, alice: dict[str, str]
) -> None:
    created = make_job(client, alice, posting=POSTING)
    expected = {
        **POSTING,
        "salary": {"min": 90000.0, "max": 120000.0, "currency": "EUR", "unit": "YEAR"},
        "description_text": "Build payments APIs.\n\nPython\n\nGo",
    }
    assert created["posting"] == expected
    assert created["has_posting"] is True
    assert _read(client, alice, created["id"])["posting"] == expected
    [item] = client.get("/api/tracked", headers=alice).json()["items"]
    assert item["has_posting"] is True
    assert "posting" not in item


def test_a_job_without_a_posting_has_none(client: TestClient, alice: dict[str, str]) -> None:
    created = make_job(client, alice)
    assert created["posting"] is None
    assert created["has_posting"] is False
    assert client.get("/api/tracked", headers=alice).json()["items"][0]["has_posting"] is False


def test_the_server_makes_a_hostile_description_safe_whatever_the_client_sent(
    client: TestClient, alice: dict[str, str]
) -> None:
    hostile = (
        '<p onclick="steal()">Hi<script>alert(1)</script></p><img src=x onerror=alert(2)>'
        '<a href="javascript:alert(3)">js</a><a href="https://ok.example/">ok</a>'
        "<iframe src=https://evil.example></iframe><svg><script>x</script></svg>"
    )
    created = make_job(client, alice, posting={"description_html": hostile})
    html = created["posting"]["description_html"]
    assert html == (
        '<p>Hi</p><a rel="noopener noreferrer nofollow">js</a>'
        '<a href="https://ok.example/" rel="noopener noreferrer nofollow">ok</a>'
    )


def test_a_patch_replaces_the_posting_null_removes_it_and_either_moves_updated_at(
    client: TestClient, alice: dict[str, str]
) -> None:
    created = make_job(client, alice, posting=POSTING)
    patched = client.patch(
        f"/api/tracked/{created['id']}",
        json={"posting": {"description_html": "Plain text.\n\nSecond."}},
        headers=alice,
    ).json()
    assert patched["posting"] == {
        "description_html": "<p>Plain text.</p><p>Second.</p>",
        "employment_type": None,
        "date_posted": None,
        "valid_through": None,
        "salary": None,
        "remote": None,
        "description_text": "Plain text.\n\nSecond.",
    }
    assert patched["updated_at"] > created["updated_at"]
    untouched = client.patch(
        f"/api/tracked/{created['id']}", json={"title": "Staff"}, headers=alice
    ).json()
    assert untouched["posting"] == patched["posting"]
    removed = client.patch(
        f"/api/tracked/{created['id']}", json={"posting": None}, headers=alice
    ).json()
    assert removed["posting"] is None
    assert removed["has_posting"] is False
    assert removed["updated_at"] > untouched["updated_at"]


@pytest.mark.parametrize(
    ("posting", "loc"),
    [
        ({"employment_type": "full time"}, ["body", "posting", "employment_type"]),
        ({"salary": {"min": 5, "max": 1}}, ["body", "posting", "salary"]),
        ({"salary": {"currency": "eur"}}, ["body", "posting", "salary", "currency"]),
        ({"salary": {"unit": "DECADE"}}, ["body", "posting", "salary", "unit"]),
        ({"valid_through": "soon"}, ["body", "posting", "valid_through"]),
        ({"title": "x"}, ["body", "posting", "title"]),
    ],
)
def test_a_bad_posting_is_422_naming_the_field_and_saves_nothing(
    client: TestClient, alice: dict[str, str], posting: dict[str, Any], loc: list[str]
) -> None:
    body = {"company": "Acme", "title": "T", "posting": posting}
    response = client.post("/api/tracked", json=body, headers=alice)
    assert response.status_code == 422, response.text
    assert any(error["loc"][: len(loc)] == loc for error in response.json()["detail"])
    assert client.get("/api/tracked", headers=alice).json()["items"] == []


def test_create_and_patch_take_256_kib_and_other_writes_keep_64(
    client: TestClient, alice: dict[str, str]
) -> None:
    big = {"description_html": "<p>" + "word " * 40_000 + "</p>"}  # ~200 KiB
    created = make_job(client, alice, posting=big)
    assert len(created["posting"]["description_html"]) <= 100_000  # cut once made safe
    too_big = {"description_html": "x" * (256 * 1024)}
    response = client.post(
        "/api/tracked", json={"company": "A", "title": "T", "posting": too_big}, headers=alice
    )
    assert response.status_code == 413
    response = client.patch(
        f"/api/tracked/{created['id']}", json={"posting": too_big}, headers=alice
    )
    assert response.status_code == 413
    note = {"note": "n" * (70 * 1024)}
    response = client.post(
        f"/api/tracked/{created['id']}/events",
        json={"event_type": "applied", "event_date": "2026-02-03", **note},
        headers=alice,
    )
    assert response.status_code == 413


def test_a_new_jobs_url_is_stored_in_canonical_form(
    client: TestClient, alice: dict[str, str]
) -> None:
    created = make_job(
        client, alice, job_url="HTTPS://Jobs.Lever.co/acme/1?utm_source=li&lever-source=x#apply"
    )
    assert created["job_url"] == "https://jobs.lever.co/acme/1"


def test_q_finds_whole_words_of_a_description_and_never_another_users(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    payments = make_job(client, alice, company="Beta", title="Engineer", posting=POSTING)
    make_job(client, alice, company="Gamma", title="Engineer")
    make_job(client, bob, company="Bob's", title="Engineer", posting=POSTING)

    def found(q: str) -> list[int]:
        page = client.get("/api/tracked", params={"q": q}, headers=alice).json()
        return [item["id"] for item in page["items"]]

    assert found("payments") == [payments["id"]]
    assert found("PAYMENTS apis") == [payments["id"]]  # every word, any case
    assert found("payment") == []  # whole words as written
    assert found("payments cobol") == []
    assert found("gamma") != []  # company and title still match as before


def test_another_users_or_a_locked_job_gets_no_posting(
    client: TestClient, alice: dict[str, str], bob: dict[str, str], connection: Any
) -> None:
    job = make_job(client, alice)
    response = client.patch(f"/api/tracked/{job['id']}", json={"posting": POSTING}, headers=bob)
    assert response.status_code == 404
    add_event(client, alice, job["id"], "rejected", note={"reason": "No"})
    response = client.patch(f"/api/tracked/{job['id']}", json={"posting": POSTING}, headers=alice)
    assert response.status_code == 409
    stored = connection.execute(text("SELECT count(*) FROM job_postings")).scalar()
    assert stored == 0


def test_a_saved_jobs_posting_gives_an_apply_by_item_after_the_days_others(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    saved = make_job(client, alice, company="Saved", posting=POSTING)
    busy = make_job(client, alice, company="Busy")
    add_event(client, alice, busy["id"], "applied", event_date="2026-12-31", event_time="09:00")
    applied = make_job(client, alice, company="Applied", posting=POSTING)
    add_event(client, alice, applied["id"], "applied", event_date="2026-12-01")
    make_job(client, bob, company="Bob's", posting=POSTING)

    items = client.get(
        "/api/calendar", params={"from": "2026-12-30", "to": "2027-01-02"}, headers=alice
    ).json()["items"]
    assert [(item["company"], item["kind"]) for item in items] == [
        ("Busy", "event"),
        ("Saved", "apply_by"),  # the applied job's posting no longer gives one
    ]
    assert items[1] == {
        "kind": "apply_by",
        "date": "2026-12-31",
        "time": None,
        "job_id": saved["id"],
        "company": "Saved",
        "title": "Backend Engineer",
        "stage": "saved",
        "event_id": None,
        "event_type": None,
        "label": "Apply by",
        "location": None,
    }
    upcoming = client.get(
        "/api/upcoming", params={"from": "2026-12-25", "days": 14}, headers=alice
    ).json()["items"]
    assert ("Saved", "apply_by") in [(item["company"], item["kind"]) for item in upcoming]
    outside = client.get(
        "/api/calendar", params={"from": "2026-11-01", "to": "2026-11-30"}, headers=alice
    ).json()["items"]
    assert outside == []


def test_the_feed_gives_an_apply_by_date_its_own_uid(
    client: TestClient, alice: dict[str, str]
) -> None:
    # The feed's window is around today: a posting closing tomorrow is in it.
    tomorrow = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)).isoformat()
    saved = make_job(client, alice, posting={**POSTING, "valid_through": tomorrow})
    url = client.post("/api/calendar/feed", json={"timezone": "UTC"}, headers=alice).json()["url"]
    body = client.get("/" + url.split("/", 3)[3]).text
    assert f"UID:apply-by-{saved['id']}@" in body
    assert "SUMMARY:Apply by · Acme" in body


@pytest.mark.parametrize("jobs", [1, 12])
def test_apply_by_items_cost_the_calendar_and_upcoming_no_statement(
    client: TestClient, alice: dict[str, str], engine: Engine, jobs: int
) -> None:
    for i in range(jobs):
        made = make_job(client, alice, company=f"C{i}", posting=POSTING)
        if i % 2:  # applied: its posting gives no apply-by item any more
            add_event(client, alice, made["id"], "applied", event_date="2026-12-30")
    for path, params in (
        ("/api/calendar", {"from": "2026-12-01", "to": "2027-01-31"}),
        ("/api/upcoming", {"from": "2026-12-25", "days": 14}),
    ):
        with count_statements(engine) as statements:
            items = client.get(path, params=params, headers=alice).json()["items"]
        assert len(statements) <= 2, (path, statements)
        assert sum(item["kind"] == "apply_by" for item in items) == (jobs + 1) // 2
