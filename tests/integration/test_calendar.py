"""The calendar and upcoming routes: items, labels, order, ranges, exclusions, ownership, SQL.

Items come from events: the event itself, an offer's deadline and an acceptance's start date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, text

from tests.conftest import add_event, make_job
from tests.integration.test_query_counts import count_statements


def calendar(
    client: TestClient, headers: dict[str, str], start: str, end: str
) -> list[dict[str, Any]]:
    response = client.get("/api/calendar", params={"from": start, "to": end}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def upcoming(client: TestClient, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/upcoming", params=params, headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def brief(items: list[dict[str, Any]]) -> list[tuple[str, str | None, str, str]]:
    return [(i["date"], i["time"], i["kind"], i["label"]) for i in items]


def offer_job(
    client: TestClient, headers: dict[str, str], *, deadline: str = "2026-03-10", **fields: Any
) -> dict[str, Any]:
    job = make_job(client, headers, **fields)
    add_event(client, headers, job["id"], "applied", event_date="2026-03-01")
    return add_event(
        client,
        headers,
        job["id"],
        "offer",
        event_date="2026-03-05",
        note={"amount": "100k", "deadline": deadline},
    )


# ---- items and labels --------------------------------------------------------------------


def test_every_event_is_an_item_labelled_by_its_stage_and_interview_round(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice, company="Acme", title="Engineer")
    add_event(client, alice, job["id"], "applied", event_date="2026-03-01")
    add_event(client, alice, job["id"], "screening", event_date="2026-03-02", event_time="09:00")
    add_event(client, alice, job["id"], "interview", event_date="2026-03-03", location="Zoom")
    add_event(client, alice, job["id"], "interview", event_date="2026-03-04", note={"round": 5})
    add_event(client, alice, job["id"], "reference", event_date="2026-03-05")
    job = add_event(client, alice, job["id"], "rejected", event_date="2026-03-06")

    items = calendar(client, alice, "2026-03-01", "2026-03-31")
    assert [i["label"] for i in items] == [
        "Applied",
        "Screening",
        "Interview round 1",
        "Interview round 5",
        "Reference",
        "Rejected",
    ]
    first = items[2]
    assert first == {
        "kind": "event",
        "date": "2026-03-03",
        "time": None,
        "job_id": job["id"],
        "company": "Acme",
        "title": "Engineer",
        "stage": "rejected",
        "event_id": job["events"][2]["id"],
        "event_type": "interview",
        "label": "Interview round 1",
        "location": "Zoom",
    }
    assert items[1]["time"] == "09:00"
    assert {i["stage"] for i in items} == {"rejected"}  # the job's stage now, every stage kept


def test_offer_deadlines_and_start_dates_are_items_of_their_own(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = offer_job(client, alice, deadline="2026-03-10")
    offer_id = job["events"][-1]["id"]
    job = add_event(
        client,
        alice,
        job["id"],
        "accepted",
        event_date="2026-03-08",
        event_time="10:00",
        note={"start_date": "2026-04-01"},
    )
    accepted_id = job["events"][-1]["id"]

    items = calendar(client, alice, "2026-03-01", "2026-04-30")
    assert brief(items) == [
        ("2026-03-01", None, "event", "Applied"),
        ("2026-03-05", None, "event", "Offer"),
        ("2026-03-08", "10:00", "event", "Accepted"),
        ("2026-03-10", None, "offer_deadline", "Offer deadline"),
        ("2026-04-01", None, "start_date", "Start date"),
    ]
    deadline, start = items[3], items[4]
    assert (deadline["event_id"], deadline["event_type"]) == (offer_id, "offer")
    assert (start["event_id"], start["event_type"]) == (accepted_id, "accepted")
    assert deadline["location"] is None
    assert start["time"] is None
    # Only the part of an event inside the range: the deadline alone in its week.
    assert brief(calendar(client, alice, "2026-03-09", "2026-03-15")) == [
        ("2026-03-10", None, "offer_deadline", "Offer deadline")
    ]


def test_items_are_ordered_by_date_time_job_event_and_kind(
    client: TestClient, alice: dict[str, str]
) -> None:
    day = "2026-05-04"
    first = make_job(client, alice, company="First")
    second = make_job(client, alice, company="Second")
    add_event(client, alice, second["id"], "applied", event_date=day, event_time="08:00")
    add_event(client, alice, first["id"], "applied", event_date=day, event_time="08:00")
    add_event(client, alice, first["id"], "screening", event_date=day, event_time="07:30")
    add_event(client, alice, second["id"], "screening", event_date=day)
    # An offer dated the same day as its own deadline: the event before the deadline.
    third = offer_job(client, alice, deadline=day, company="Third")
    client.patch(
        f"/api/tracked/{third['id']}/events/{third['events'][-1]['id']}",
        json={"event_date": day},
        headers=alice,
    )
    add_event(client, alice, first["id"], "interview", event_date=day)

    items = calendar(client, alice, day, day)
    assert [(i["time"], i["company"], i["kind"], i["event_type"]) for i in items] == [
        (None, "First", "event", "interview"),
        (None, "Second", "event", "screening"),
        (None, "Third", "event", "offer"),
        (None, "Third", "offer_deadline", "offer"),
        ("07:30", "First", "event", "screening"),
        ("08:00", "First", "event", "applied"),
        ("08:00", "Second", "event", "applied"),
    ]
    # Same date, time and job: the event created first comes first.
    untimed_first = [i for i in items if i["company"] == "First" and i["time"] is None]
    assert untimed_first[0]["job_id"] == first["id"]
    keys = [(i["date"], i["time"] is not None, i["time"] or "", i["job_id"]) for i in items]
    assert keys == sorted(keys)


# ---- ranges --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-03-02", "to": "2026-03-01"}, "to"),
        ({"from": "2026-01-01", "to": "2027-01-03"}, "to"),  # 367 days apart
        ({"to": "2026-03-01"}, "from"),
        ({"from": "2026-03-01"}, "to"),
        ({"from": "2026-02-30", "to": "2026-03-01"}, "from"),
        ({"from": "yesterday", "to": "2026-03-01"}, "from"),
        ({"from": "0", "to": "2026-03-01"}, "from"),  # not a timestamp
        ({"from": "2026-03-01", "to": "2026-03-01T00:00:00"}, "to"),  # not a date-time
    ],
)
def test_calendar_ranges_are_checked_naming_the_field(
    client: TestClient, alice: dict[str, str], params: dict[str, str], field: str
) -> None:
    response = client.get("/api/calendar", params=params, headers=alice)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["query", field]


def test_a_range_includes_both_ends_and_may_span_366_days(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice)
    add_event(client, alice, job["id"], "applied", event_date="2026-01-01")
    add_event(client, alice, job["id"], "screening", event_date="2027-01-02")
    both = calendar(client, alice, "2026-01-01", "2027-01-02")  # 366 days apart
    assert [i["date"] for i in both] == ["2026-01-01", "2027-01-02"]
    assert calendar(client, alice, "2026-01-02", "2027-01-01") == []
    assert calendar(client, alice, "9999-12-31", "9999-12-31") == []
    assert calendar(client, alice, "0001-01-01", "0001-01-01") == []


@pytest.mark.parametrize("start", ["0", "1700000000", "2026-03-01T00:00:00", "2026-3-1"])
def test_upcoming_takes_only_a_plain_date(
    client: TestClient, alice: dict[str, str], start: str
) -> None:
    response = client.get("/api/upcoming", params={"from": start}, headers=alice)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "from"]


@pytest.mark.parametrize("days", ["0", "91", "-1", "x"])
def test_upcoming_days_are_1_to_90(client: TestClient, alice: dict[str, str], days: str) -> None:
    response = client.get("/api/upcoming", params={"days": days}, headers=alice)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "days"]


def test_upcoming_runs_from_today_for_14_days_by_default(
    client: TestClient, alice: dict[str, str]
) -> None:
    today = dt.datetime.now(dt.UTC).date()
    job = make_job(client, alice)
    for offset, event_type in enumerate(["applied", "screening", "interview", "reference"]):
        day = today + dt.timedelta(days=[-1, 0, 13, 14][offset])
        add_event(client, alice, job["id"], event_type, event_date=day.isoformat())
    dates = [i["date"] for i in upcoming(client, alice)]
    assert dates == [today.isoformat(), (today + dt.timedelta(days=13)).isoformat()]
    ninety = upcoming(
        client, alice, days=90, **{"from": (today - dt.timedelta(days=1)).isoformat()}
    )
    assert len(ninety) == 4


def test_upcoming_takes_from_and_days_and_excludes_from_plus_days(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice)
    add_event(client, alice, job["id"], "applied", event_date="2026-03-01")
    add_event(client, alice, job["id"], "screening", event_date="2026-03-03")
    assert [i["date"] for i in upcoming(client, alice, days=2, **{"from": "2026-03-01"})] == [
        "2026-03-01"
    ]
    assert len(upcoming(client, alice, days=3, **{"from": "2026-03-01"})) == 2
    assert upcoming(client, alice, days=90, **{"from": "9999-12-31"}) == []


# ---- what upcoming leaves out ----------------------------------------------------------------


def test_upcoming_leaves_out_ended_jobs_and_deadlines_of_closed_offers(
    client: TestClient, alice: dict[str, str]
) -> None:
    window = {"from": "2026-03-01", "days": 60}
    offer_job(client, alice, company="Open")
    rejected = offer_job(client, alice, company="Rejected")
    add_event(client, alice, rejected["id"], "rejected", event_date="2026-03-07")
    declined = offer_job(client, alice, company="Declined")
    add_event(client, alice, declined["id"], "declined", event_date="2026-03-07")
    withdrawn = offer_job(client, alice, company="Withdrawn")
    add_event(client, alice, withdrawn["id"], "withdrawn", event_date="2026-03-07")
    accepted = offer_job(client, alice, company="Accepted")
    add_event(
        client,
        alice,
        accepted["id"],
        "accepted",
        event_date="2026-03-07",
        note={"start_date": "2026-04-01"},
    )

    items = upcoming(client, alice, **window)
    by_company: dict[str, list[str]] = {}
    for i in items:
        by_company.setdefault(i["company"], []).append(i["kind"])
    assert by_company == {
        "Open": ["event", "event", "offer_deadline"],
        "Accepted": ["event", "event", "event", "start_date"],
    }
    # The calendar keeps everything, whatever the stage.
    everything = calendar(client, alice, "2026-03-01", "2026-04-29")
    assert {i["company"] for i in everything} == {
        "Open", "Rejected", "Declined", "Withdrawn", "Accepted"
    }  # fmt: skip
    assert sum(i["kind"] == "offer_deadline" for i in everything) == 5


# ---- ownership ---------------------------------------------------------------------------


def test_another_users_items_never_appear(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    offer_job(client, alice, company="Alice Co", deadline="2026-03-09")
    bobs = offer_job(client, bob, company="Bob Co", deadline="2026-03-09")
    for route, params in [
        ("/api/calendar", {"from": "2026-01-01", "to": "2026-12-31"}),
        ("/api/upcoming", {"from": "2026-03-01", "days": 90}),
    ]:
        items = client.get(route, params=params, headers=alice).json()["items"]
        assert {i["company"] for i in items} == {"Alice Co"}
        assert bobs["id"] not in {i["job_id"] for i in items}


def test_the_calendar_needs_a_token(client: TestClient) -> None:
    response = client.get("/api/calendar", params={"from": "2026-01-01", "to": "2026-01-02"})
    assert response.status_code == 401
    assert client.get("/api/upcoming").status_code == 401


# ---- stored notes read permissively --------------------------------------------------------


@pytest.mark.parametrize(
    "note",
    [
        '{"deadline": "not a date"}',
        '{"deadline": "2026-02-30"}',
        '{"deadline": "2026-3-1"}',
        '{"deadline": "20260301"}',
        '{"deadline": " 2026-03-01"}',
        '{"deadline": 20260301}',
        '{"deadline": null}',
        '{"deadline": {"date": "2026-03-01"}}',
        '{"deadline": ["2026-03-01"]}',
        '["2026-03-01"]',
        '"2026-03-01"',
        "null",
    ],
)
def test_a_stored_deadline_that_is_not_a_date_gives_no_item(
    client: TestClient, alice: dict[str, str], connection: Connection, note: str
) -> None:
    job = offer_job(client, alice)
    connection.execute(
        text("UPDATE tracking_events SET note = CAST(:note AS jsonb) WHERE id = :id"),
        {"note": note, "id": job["events"][-1]["id"]},
    )
    items = calendar(client, alice, "2026-01-01", "2026-12-31")
    assert [i["kind"] for i in items] == ["event", "event"]
    assert upcoming(client, alice, days=90, **{"from": "2026-01-01"})[-1]["label"] == "Offer"


def test_stored_start_dates_and_rounds_are_read_permissively(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    job = offer_job(client, alice)
    job = add_event(client, alice, job["id"], "accepted", event_date="2026-03-08")
    interviews = make_job(client, alice, company="Rounds")
    for _ in range(4):
        interviews = add_event(
            client, alice, interviews["id"], "interview", event_date="2026-03-02"
        )
    bad = {
        job["events"][-1]["id"]: '{"start_date": "2026-13-01"}',
        interviews["events"][0]["id"]: '{"round": "two"}',
        interviews["events"][1]["id"]: '{"round": 0}',
        interviews["events"][2]["id"]: '{"round": true, "type": "hologram"}',
        interviews["events"][3]["id"]: '{"round": 7, "type": "hologram", "x": [1]}',
    }
    for event_id, note in bad.items():
        connection.execute(
            text("UPDATE tracking_events SET note = CAST(:note AS jsonb) WHERE id = :id"),
            {"note": note, "id": event_id},
        )
    items = calendar(client, alice, "2026-01-01", "2026-12-31")
    assert "start_date" not in {i["kind"] for i in items}
    rounds = [i["label"] for i in items if i["company"] == "Rounds"]
    assert rounds == ["Interview", "Interview", "Interview", "Interview round 7"]


def test_events_written_without_an_owner_still_reach_the_calendar(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    # Code that predates the owner column (the previous release, raw SQL) leaves it out; the
    # database fills it in from the job.
    job = make_job(client, alice)
    connection.execute(
        text(
            "INSERT INTO tracking_events (job_id, event_type, event_date, note)"
            " VALUES (:id, 'applied', '2026-03-01', '{}'), (:id, 'offer', '2026-03-02',"
            ' \'{"deadline": "2026-03-09"}\')'
        ),
        {"id": job["id"]},
    )
    owners = connection.execute(
        text("SELECT DISTINCT user_id FROM tracking_events WHERE job_id = :id"), {"id": job["id"]}
    ).scalars()
    assert list(owners) == ["alice"]
    assert [i["kind"] for i in calendar(client, alice, "2026-03-01", "2026-03-31")] == [
        "event",
        "event",
        "offer_deadline",
    ]


# ---- SQL statements --------------------------------------------------------------------------


def _seed_jobs(connection: Connection, user_id: str, jobs: int) -> None:
    """`jobs` jobs with an applied, an interview and an offer with a deadline each, in SQL."""
    connection.execute(
        text(
            """
            WITH j AS (
                INSERT INTO job_tracking (user_id, company, title, stage)
                SELECT :user, 'C' || g, 'T' || g, 'offer' FROM generate_series(1, :jobs) g
                RETURNING id
            )
            INSERT INTO tracking_events (job_id, event_type, event_date, event_time, note)
            SELECT j.id, t.type::tracking_event_type, DATE '2026-03-01' + t.n, TIME '10:00',
                   CASE t.type WHEN 'offer' THEN '{"deadline": "2026-03-20"}'::jsonb
                               WHEN 'interview' THEN '{"round": 1}'::jsonb
                               ELSE '{}'::jsonb END
            FROM j CROSS JOIN (VALUES ('applied', 1), ('interview', 2), ('offer', 3)) AS t(type, n)
            """
        ),
        {"user": user_id, "jobs": jobs},
    )


@pytest.mark.parametrize("jobs", [1, 300])
def test_calendar_and_upcoming_are_at_most_two_statements_whatever_the_size(
    client: TestClient, alice: dict[str, str], engine: Engine, connection: Connection, jobs: int
) -> None:
    _seed_jobs(connection, "alice", jobs)
    with count_statements(engine) as statements:
        items = calendar(client, alice, "2026-03-01", "2026-03-31")
    assert len(items) == 4 * jobs
    assert len(statements) <= 2, statements
    with count_statements(engine) as statements:
        items = upcoming(client, alice, days=90, **{"from": "2026-03-01"})
    assert len(items) == 4 * jobs
    assert len(statements) <= 2, statements
