"""Inferred events: steps an import created to reach a spreadsheet's status, whose date is not
known. Imported and exported, shown on every event, refused by the event route, cleared when
the user dates the step; counted by insights for stages reached, never for timings; left out
of the calendar, upcoming and the feeds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import add_event, make_job

TODAY = "2026-03-01"


def event(event_type: str, day: str, *, inferred: bool = False, **note: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"event_type": event_type, "event_date": f"2026-{day}"}
    if inferred:
        body["inferred"] = True
    if note:
        body["note"] = note
    return body


def import_jobs(client: TestClient, headers: dict[str, str], *jobs: dict[str, Any]) -> list[int]:
    document = {"format": "track-export", "version": 1, "jobs": list(jobs)}
    response = client.post("/api/import", json=document, headers=headers)
    assert response.status_code == 201, response.text
    return list(response.json()["job_ids"])


def job(company: str, *events: dict[str, Any]) -> dict[str, Any]:
    return {"company": company, "title": "Engineer", "events": list(events)}


def read_job(client: TestClient, headers: dict[str, str], job_id: int) -> dict[str, Any]:
    response = client.get(f"/api/tracked/{job_id}", headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_imported_steps_keep_their_inferred_flag_in_every_read_and_the_export(
    client: TestClient, alice: dict[str, str]
) -> None:
    [job_id] = import_jobs(
        client,
        alice,
        job("Acme", event("applied", "02-01"), event("interview", "02-01", inferred=True)),
    )
    events = read_job(client, alice, job_id)["events"]
    assert [(e["event_type"], e["inferred"]) for e in events] == [
        ("applied", False),
        ("interview", True),
    ]
    assert events[1]["note"]["round"] == 1
    listed = client.get("/api/tracked", headers=alice).json()["items"][0]["events"]
    assert [e["inferred"] for e in listed] == [False, True]
    exported = client.get("/api/export", headers=alice).json()["jobs"][0]["events"]
    assert [e["inferred"] for e in exported] == [False, True]


def test_an_export_imported_again_keeps_the_flags(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    import_jobs(
        client,
        alice,
        job("Acme", event("applied", "02-01"), event("offer", "02-01", inferred=True)),
    )
    document = client.get("/api/export", headers=alice).json()
    response = client.post("/api/import", json=document, headers=bob)
    assert response.status_code == 201, response.text
    again = client.get("/api/export", headers=bob).json()["jobs"][0]["events"]
    assert [(e["event_type"], e["inferred"]) for e in again] == [
        ("applied", False),
        ("offer", True),
    ]


def test_inferred_must_be_a_boolean_and_the_422_names_it_writing_nothing(
    client: TestClient, alice: dict[str, str]
) -> None:
    bad = event("interview", "02-01")
    bad["inferred"] = "yes"
    document = {
        "format": "track-export",
        "version": 1,
        "jobs": [
            job("Fine", event("applied", "02-01")),
            job("Acme", event("applied", "02-01"), bad),
        ],
    }
    response = client.post("/api/import", json=document, headers=alice)
    assert response.status_code == 422
    assert any(
        e["loc"][-1] == "inferred" and "jobs" in e["loc"] for e in response.json()["detail"]
    ), response.text
    assert client.get("/api/tracked", headers=alice).json()["items"] == []


def test_a_new_event_cannot_claim_to_be_inferred(client: TestClient, alice: dict[str, str]) -> None:
    created = make_job(client, alice)
    body = {"event_type": "applied", "event_date": "2026-02-01", "inferred": True}
    response = client.post(f"/api/tracked/{created['id']}/events", json=body, headers=alice)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "inferred"
    assert read_job(client, alice, created["id"])["events"] == []
    # Events the user adds are dated by the user.
    added = add_event(client, alice, created["id"], "applied", event_date="2026-02-01")
    assert added["events"][0]["inferred"] is False


def test_dating_an_inferred_step_clears_the_flag_and_other_edits_keep_it(
    client: TestClient, alice: dict[str, str]
) -> None:
    [job_id] = import_jobs(
        client,
        alice,
        job("Acme", event("applied", "02-01"), event("interview", "02-01", inferred=True)),
    )
    interview = read_job(client, alice, job_id)["events"][1]
    path = f"/api/tracked/{job_id}/events/{interview['id']}"
    kept = client.patch(path, json={"location": "Zoom"}, headers=alice)
    assert kept.status_code == 200, kept.text
    assert kept.json()["events"][1]["inferred"] is True
    dated = client.patch(path, json={"event_date": "2026-02-10"}, headers=alice)
    assert dated.status_code == 200, dated.text
    edited = dated.json()["events"][1]
    assert (edited["event_date"], edited["inferred"], edited["location"]) == (
        "2026-02-10",
        False,
        "Zoom",
    )
    assert read_job(client, alice, job_id)["events"][1]["inferred"] is False


def insights(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get("/api/insights", params={"today": TODAY}, headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_insights_count_inferred_steps_for_stages_but_never_time_them(
    client: TestClient, alice: dict[str, str]
) -> None:
    import_jobs(
        client,
        alice,
        # dated: applied 02-01, screening 02-05 → responded after 4 days
        job("Dated", event("applied", "02-01"), event("screening", "02-05")),
        # "Interviewing" from a sheet: reaches interview, responded, times nothing
        job("Sheet", event("applied", "02-01"), event("interview", "02-01", inferred=True)),
        # "Offer" from a sheet: reaches offer, responded, times nothing
        job("Offer", event("applied", "02-01"), event("offer", "02-01", inferred=True)),
        # ghosted from a sheet: no reply at all
        job(
            "Ghost",
            event("applied", "02-01"),
            event("rejected", "02-01", inferred=True, reason_category="no_response"),
        ),
        # an inferred applied step: the dated reply after it times nothing either
        job("Unknown", event("applied", "01-01", inferred=True), event("screening", "02-20")),
    )
    body = insights(client, alice)
    funnel = {step["stage"]: step["reached"] for step in body["funnel"]}
    # applied: all 5; screening: Dated, Sheet, Offer, Unknown; interview and beyond: Sheet, Offer
    assert funnel == {
        "applied": 5,
        "screening": 4,
        "interview": 2,
        "reference": 1,
        "offer": 1,
        "accepted": 0,
    }
    # responded: Dated, Sheet, Offer, Unknown (4 of 5; the ghosted job is no reply)
    assert body["response_rate"] == 0.8
    # timed: only Dated (4 days); before inferred steps, Sheet and Offer gave 0 and Unknown 50
    assert body["median_days_to_response"] == 4.0


def test_a_follow_up_counts_from_the_latest_known_date(
    client: TestClient, alice: dict[str, str]
) -> None:
    import_jobs(
        client,
        alice,
        job("Sheet", event("applied", "01-01"), event("interview", "02-25", inferred=True)),
    )
    [follow_up] = insights(client, alice)["follow_up"]
    assert (follow_up["last_event_date"], follow_up["days_since"]) == ("2026-01-01", 59)


def test_the_calendar_upcoming_and_feeds_leave_inferred_steps_out(
    client: TestClient, alice: dict[str, str]
) -> None:
    today = dt.date.today()
    day = (today + dt.timedelta(days=2)).isoformat()
    document_events = [
        {"event_type": "applied", "event_date": day},
        {"event_type": "interview", "event_date": day, "inferred": True},
    ]
    [job_id] = import_jobs(
        client, alice, {"company": "Acme", "title": "Engineer", "events": document_events}
    )
    params = {"from": day, "to": day}
    items = client.get("/api/calendar", params=params, headers=alice).json()["items"]
    assert [item["event_type"] for item in items] == ["applied"]
    upcoming = client.get(
        "/api/upcoming", params={"from": today.isoformat()}, headers=alice
    ).json()["items"]
    assert all(item["event_type"] != "interview" for item in upcoming)
    interview = read_job(client, alice, job_id)["events"][1]
    response = client.get(f"/api/tracked/{job_id}/events/{interview['id']}/ics", headers=alice)
    assert response.status_code == 409
    assert "not known" in response.json()["detail"]
    feed = client.post("/api/calendar/feed", json={"timezone": "UTC"}, headers=alice).json()
    body = client.get("/api/calendar/feed/" + feed["url"].rsplit("/", 1)[1]).text
    assert body.count("BEGIN:VEVENT") == 1
    # Once the user dates it, it is an event like any other.
    dated = client.patch(
        f"/api/tracked/{job_id}/events/{interview['id']}", json={"event_date": day}, headers=alice
    )
    assert dated.status_code == 200, dated.text
    items = client.get("/api/calendar", params=params, headers=alice).json()["items"]
    assert [item["event_type"] for item in items] == ["applied", "interview"]
