"""`GET /api/insights` on hand-built histories; every expected number is worked out in a comment."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, text

from tests.conftest import add_event, make_job
from tests.integration.test_query_counts import count_statements

TODAY = "2026-02-01"  # with stale_days=14 the cutoff is 2026-01-18


def history(
    client: TestClient, headers: dict[str, str], company: str, *steps: tuple[str, str], **note: Any
) -> int:
    """A job with events (type, date) recorded in this order; `note` goes on the applied one."""
    job = make_job(client, headers, company=company)
    for event_type, day in steps:
        extra: dict[str, Any] = {"note": note} if event_type == "applied" and note else {}
        add_event(client, headers, job["id"], event_type, event_date=f"2026-{day}", **extra)
    return int(job["id"])


def insights(client: TestClient, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    response = client.get("/api/insights", params={"today": TODAY, **params}, headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


@pytest.fixture
def jobs(client: TestClient, alice: dict[str, str], bob: dict[str, str]) -> dict[str, int]:
    ids = {
        # rejected after interview: reached interview (rank 3); responded after 01-05 - 01-01 = 4
        "J1": history(client, alice, "J1", ("applied", "01-01"), ("screening", "01-05"),
                      ("interview", "01-10"), ("rejected", "01-12"), type="referral"),
        # skipped stages: offer (rank 5) reaches applied..offer; accepted; 01-21 - 01-01 = 20
        "J2": history(client, alice, "J2", ("applied", "01-01"), ("offer", "01-21"),
                      ("accepted", "01-25"), type="online"),
        # several interviews: counted once; 01-08 - 01-02 = 6; latest 01-18 is the cutoff itself
        "J3": history(client, alice, "J3", ("applied", "01-02"), ("interview", "01-08"),
                      ("interview", "01-12"), ("interview", "01-18"), type="online"),
        # backdated: the interview recorded last is dated before the screening. The response is
        # the next event in sequence (screening, 01-30 - 01-10 = 20, not 5) and the latest event
        # is the interview (01-15), so it is stale although a later date exists.
        "J4": history(client, alice, "J4", ("applied", "01-10"), ("screening", "01-30"),
                      ("interview", "01-15"), type="recruiter"),
        # no events at all
        "J5": history(client, alice, "J5"),
        # no applied event: reaches applied and screening by rank, but is not measured
        "J6": history(client, alice, "J6", ("screening", "01-03")),
        # rejected straight from saved: reaches nothing
        "J7": history(client, alice, "J7", ("rejected", "01-04")),
        # applied recently: no answer, not stale yet (01-20 > 01-18)
        "J8": history(client, alice, "J8", ("applied", "01-20"), type="online"),
        # applied long ago, silent
        "J9": history(client, alice, "J9", ("applied", "01-05"), type="email"),
        # a rejection is a response: 01-09 - 01-06 = 3; reached applied only
        "J10": history(client, alice, "J10", ("applied", "01-06"), ("rejected", "01-09"),
                       type="online"),
        # declined offer: reached offer (declined ranks 6), not accepted; 01-13 - 01-03 = 10
        "J11": history(client, alice, "J11", ("applied", "01-03"), ("offer", "01-13"),
                       ("declined", "01-15"), type="referral"),
    }  # fmt: skip
    # Bob's jobs must never show up in Alice's numbers.
    history(client, bob, "B1", ("applied", "01-01"), ("offer", "01-02"), type="email")
    history(client, bob, "B2", ("applied", "01-01"))
    return ids


def test_the_whole_picture(client: TestClient, alice: dict[str, str], jobs: dict[str, int]) -> None:
    body = insights(client, alice, stale_days=14)
    assert body["total"] == 11
    assert body["by_stage"] == {
        "saved": 1,  # J5
        "applied": 2,  # J8, J9
        "screening": 1,  # J6
        "interview": 2,  # J3, J4
        "reference": 0,
        "offer": 0,
        "accepted": 1,  # J2
        "declined": 1,  # J11
        "rejected": 3,  # J1, J7, J10
        "withdrawn": 0,
    }
    assert body["funnel"] == [
        # highest rank other than rejected: J1 3, J2 6, J3 3, J4 3, J6 2, J8 1, J9 1, J10 1, J11 6
        {"stage": "applied", "reached": 9},  # all but J5 and J7
        {"stage": "screening", "reached": 6},  # J1 J2 J3 J4 J6 J11
        {"stage": "interview", "reached": 5},  # J1 J2 J3 J4 J11
        {"stage": "reference", "reached": 2},  # J2 J11 (skipped, still reached)
        {"stage": "offer", "reached": 2},  # J2 J11
        {"stage": "accepted", "reached": 1},  # J2
    ]
    # Measured: J1 J2 J3 J4 J8 J9 J10 J11 (8 with an applied event); responded: all but J8, J9.
    assert body["response_rate"] == 6 / 8
    # days: J10 3, J1 4, J3 6, J11 10, J2 20, J4 20 -> median (6 + 10) / 2 = 8
    assert body["median_days_to_response"] == 8.0
    assert body["by_source"] == [
        {"source": "online", "applied": 4, "responded": 3},  # J2 J3 J8 J10; J8 silent
        {"source": "referral", "applied": 2, "responded": 2},  # J1 J11
        {"source": "email", "applied": 1, "responded": 0},  # J9; ties on 1 go by name
        {"source": "recruiter", "applied": 1, "responded": 1},  # J4
    ]
    # Stale: at applied..offer with the latest event on or before 01-18. J8 (01-20) is not.
    assert body["follow_up"] == [
        {
            "job_id": jobs["J6"],
            "company": "J6",
            "title": "Backend Engineer",
            "stage": "screening",
            "last_event_date": "2026-01-03",
            "days_since": 29,  # 02-01 - 01-03
        },
        {
            "job_id": jobs["J9"],
            "company": "J9",
            "title": "Backend Engineer",
            "stage": "applied",
            "last_event_date": "2026-01-05",
            "days_since": 27,  # 02-01 - 01-05
        },
        {
            "job_id": jobs["J4"],
            "company": "J4",
            "title": "Backend Engineer",
            "stage": "interview",
            "last_event_date": "2026-01-15",
            "days_since": 17,  # 02-01 - 01-15
        },
        {
            "job_id": jobs["J3"],
            "company": "J3",
            "title": "Backend Engineer",
            "stage": "interview",
            "last_event_date": "2026-01-18",
            "days_since": 14,  # 02-01 - 01-18
        },
    ]


def test_stale_days_moves_the_cutoff(
    client: TestClient, alice: dict[str, str], jobs: dict[str, int]
) -> None:
    # stale_days 28: cutoff 02-01 - 28 = 01-04, so only J6 (01-03) is stale.
    assert [f["company"] for f in insights(client, alice, stale_days=28)["follow_up"]] == ["J6"]
    # stale_days 1: cutoff 01-31; J8 (01-20) joins; J2/J11 are closed, J1/J7/J10 rejected.
    follow = insights(client, alice, stale_days=1)["follow_up"]
    assert [f["company"] for f in follow] == ["J6", "J9", "J4", "J3", "J8"]
    assert follow[-1]["days_since"] == 12  # 02-01 - 01-20


def test_follow_up_ties_go_by_job_id(client: TestClient, alice: dict[str, str]) -> None:
    later = history(client, alice, "Later id", ("applied", "01-01"))
    earlier = history(client, alice, "Earlier id", ("applied", "01-01"))
    assert later < earlier
    follow = insights(client, alice)["follow_up"]
    assert [f["job_id"] for f in follow] == [later, earlier]


def test_a_user_without_jobs_gets_zeros_and_nulls(
    client: TestClient, alice: dict[str, str]
) -> None:
    body = insights(client, alice)
    assert body == {
        "total": 0,
        "by_stage": dict.fromkeys(
            [
                "saved",
                "applied",
                "screening",
                "interview",
                "reference",
                "offer",
                "accepted",
                "declined",
                "rejected",
                "withdrawn",
            ],
            0,
        ),
        "funnel": [
            {"stage": s, "reached": 0}
            for s in ["applied", "screening", "interview", "reference", "offer", "accepted"]
        ],
        "response_rate": None,
        "median_days_to_response": None,
        "by_source": [],
        "follow_up": [],
    }


def test_only_unanswered_applications_give_a_zero_rate_and_no_median(
    client: TestClient, alice: dict[str, str]
) -> None:
    history(client, alice, "A", ("applied", "01-30"))
    body = insights(client, alice)
    assert body["response_rate"] == 0.0  # 0 responded / 1 applied
    assert body["median_days_to_response"] is None


def test_ghosted_rejections_and_withdrawals_are_no_response(
    client: TestClient, alice: dict[str, str]
) -> None:
    def job(company: str, *steps: tuple[str, str, dict[str, Any]]) -> None:
        jid = make_job(client, alice, company=company)["id"]
        for event_type, day, note in steps:
            add_event(client, alice, jid, event_type, event_date=f"2026-{day}", note=note)

    ghosted = {"reason_category": "no_response", "reason": "no reply in three weeks"}
    # G1 ghosted: the rejection records silence, not a reply (was a response after 19 days)
    job("G1", ("applied", "01-01", {}), ("rejected", "01-20", ghosted))
    # G2 withdrawn: the job seeker stopped, the employer never answered (was 28 days)
    job("G2", ("applied", "01-02", {}), ("withdrawn", "01-30", {"reason": "Moved"}))
    # G3 answered, then withdrawn: the screening is the response, 01-07 - 01-03 = 4 days
    job("G3", ("applied", "01-03", {}), ("screening", "01-07", {}), ("withdrawn", "01-09", {}))
    # G4 a rejection for another reason is a response: 01-14 - 01-04 = 10 days
    job("G4", ("applied", "01-04", {}), ("rejected", "01-14", {"reason_category": "other"}))
    # G5 an offer, then withdrawn: 01-22 - 01-02 = 20 days; the funnel keeps the offer
    job("G5", ("applied", "01-02", {}), ("offer", "01-22", {}), ("withdrawn", "01-25", {}))

    body = insights(client, alice)
    assert body["by_stage"]["rejected"] == 2  # G1 G4: the ghosted rejection still ends G1
    assert body["by_stage"]["withdrawn"] == 3  # G2 G3 G5
    assert body["by_stage"]["applied"] == 0
    assert body["funnel"] == [
        {"stage": "applied", "reached": 5},
        {"stage": "screening", "reached": 2},  # G3, G5 (skipped, still reached)
        {"stage": "interview", "reached": 1},  # G5
        {"stage": "reference", "reached": 1},  # G5
        {"stage": "offer", "reached": 1},  # G5: withdrawing keeps what was reached
        {"stage": "accepted", "reached": 0},
    ]
    # Five applied; responded G3 G4 G5 (before the fix G1 and G2 counted too: 5 / 5).
    assert body["response_rate"] == 3 / 5
    # Days 4, 10, 20 -> median 10 (before the fix 4, 10, 19, 20, 28 -> 19).
    assert body["median_days_to_response"] == 10.0
    assert body["by_source"] == [{"source": "online", "applied": 5, "responded": 3}]
    assert body["follow_up"] == []  # every job has ended


def test_a_reapplication_is_measured_from_the_first_applied_event(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    # The API allows one applied event per job; an older import or a manual fix may hold two.
    job = history(client, alice, "Twice", ("applied", "01-01"), ("screening", "01-11"))
    connection.execute(
        text(
            "INSERT INTO tracking_events (job_id, event_type, event_date, note) VALUES "
            "(:job, 'applied', '2026-01-20', '{\"type\": \"email\"}')"
        ),
        {"job": job},
    )
    body = insights(client, alice)
    # The first applied (01-01, online by default) counts: 01-11 - 01-01 = 10 days.
    assert body["median_days_to_response"] == 10.0
    assert body["by_source"] == [{"source": "online", "applied": 1, "responded": 1}]


BAD_APPLIED_NOTES = [
    '"just a string"',  # not an object
    "[1, 2]",  # an array
    '{"type": 42}',  # wrong type
    '{"type": "carrier pigeon"}',  # not one of the choices
    "{}",  # missing
    '{"type": null}',
    '{"type": "referral", "extra": {"deep": [1]}}',  # valid type, unknown extra field
]


def test_bad_stored_notes_count_as_unknown_and_never_fail(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    for i, note in enumerate(BAD_APPLIED_NOTES):
        job = history(client, alice, f"Bad {i}", ("applied", "01-01"), ("screening", "01-02"))
        connection.execute(
            text(
                "UPDATE tracking_events SET note = CAST(:note AS jsonb) "
                "WHERE job_id = :job AND event_type = 'applied'"
            ),
            {"note": note, "job": job},
        )
    # A broken interview note and broken job notes do not matter either.
    connection.execute(text("UPDATE job_tracking SET notes = '[\"x\"]'::jsonb"))
    body = insights(client, alice)
    assert body["by_source"] == [
        {"source": "unknown", "applied": 6, "responded": 6},  # all but the last
        {"source": "referral", "applied": 1, "responded": 1},
    ]
    assert body["median_days_to_response"] == 1.0  # every job: 01-02 - 01-01


def test_other_users_jobs_never_count(
    client: TestClient, alice: dict[str, str], bob: dict[str, str], jobs: dict[str, int]
) -> None:
    body = insights(client, bob)
    # Bob: B1 applied -> offer (01-02 - 01-01 = 1 day), B2 applied only.
    assert body["total"] == 2
    assert body["funnel"][4] == {"stage": "offer", "reached": 1}
    assert body["response_rate"] == 0.5
    assert body["median_days_to_response"] == 1.0
    assert body["by_source"] == [
        {"source": "email", "applied": 1, "responded": 1},
        {"source": "online", "applied": 1, "responded": 0},
    ]
    # Latest events: B2 01-01 (applied), B1 01-02 (offer); oldest first.
    assert [f["company"] for f in body["follow_up"]] == ["B2", "B1"]


@pytest.mark.parametrize("jobs_count", [1, 30])
def test_insights_are_two_statements_whatever_the_size(
    client: TestClient, alice: dict[str, str], engine: Engine, jobs_count: int
) -> None:
    for i in range(jobs_count):
        history(client, alice, f"C{i}", ("applied", "01-01"), ("interview", "01-05"))
    with count_statements(engine) as statements:
        body = insights(client, alice)
    assert body["total"] == jobs_count
    assert len(statements) == 2, statements  # the limit is three


@pytest.mark.parametrize(
    "params",
    [{"stale_days": 0}, {"stale_days": 366}, {"stale_days": "x"}, {"today": "2026-02-30"}],
)
def test_bad_parameters_are_422_naming_them(
    client: TestClient, alice: dict[str, str], params: dict[str, Any]
) -> None:
    response = client.get("/api/insights", params=params, headers=alice)
    assert response.status_code == 422
    assert response.json()["message"].startswith(next(iter(params)))


def test_today_defaults_to_the_utc_date(client: TestClient, alice: dict[str, str]) -> None:
    history(client, alice, "Old", ("applied", "01-01"))
    response = client.get("/api/insights", headers=alice)
    [follow] = response.json()["follow_up"]
    utc_today = dt.datetime.now(dt.UTC).date()
    assert follow["days_since"] == (utc_today - dt.date(2026, 1, 1)).days


def test_extreme_today_and_stale_days_are_fine(client: TestClient, alice: dict[str, str]) -> None:
    history(client, alice, "A", ("applied", "01-01"))
    # The cutoff falls before year 1: nothing is stale, nothing fails.
    early = client.get(
        "/api/insights", params={"today": "0001-01-02", "stale_days": 365}, headers=alice
    )
    assert early.status_code == 200, early.text
    assert early.json()["follow_up"] == []
    late = client.get("/api/insights", params={"today": "9999-12-31"}, headers=alice)
    assert (
        late.json()["follow_up"][0]["days_since"]
        == (dt.date(9999, 12, 31) - dt.date(2026, 1, 1)).days
    )


@pytest.mark.parametrize("today", ["0", "1700000000", "2026-01-02T00:00:00", "2026-1-2"])
def test_today_must_be_a_plain_date(client: TestClient, alice: dict[str, str], today: str) -> None:
    response = client.get("/api/insights", params={"today": today}, headers=alice)
    assert response.status_code == 422
    assert "YYYY-MM-DD" in response.text
