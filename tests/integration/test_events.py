"""Events over HTTP: the stage rules, rounds, edits, undo, and the rejection and withdrawal lock."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, text

from jobtrack.tracking.notes import NOTE_MODELS
from jobtrack.tracking.stages import EventType
from tests.conftest import add_event, make_job

# An interview note with every field at its default, as a read returns it: the expectations
# below add only what a test sets, so a field added to the model needs no edit here.
INTERVIEW_DEFAULTS = NOTE_MODELS[EventType.interview]().model_dump(mode="json")


def stage_of(client: TestClient, headers: dict[str, str], job_id: int) -> str:
    return str(client.get(f"/api/tracked/{job_id}", headers=headers).json()["stage"])


def test_full_journey_to_accepted(client: TestClient, alice: dict[str, str]) -> None:
    job = make_job(client, alice)
    jid = job["id"]
    for event_type in ("applied", "screening", "interview", "interview", "reference", "offer"):
        job = add_event(client, alice, jid, event_type)
        assert job["stage"] == event_type
        assert job["events"][-1]["event_type"] == event_type
    job = add_event(client, alice, jid, "accepted", note={"start_date": "2026-04-01"})
    assert job["stage"] == "accepted"
    assert [e["event_type"] for e in job["events"]] == [
        "applied", "screening", "interview", "interview", "reference", "offer", "accepted"
    ]  # fmt: skip
    assert [e["note"]["round"] for e in job["events"] if e["event_type"] == "interview"] == [1, 2]
    assert job["events"][-1]["note"]["start_date"] == "2026-04-01"
    add_event(client, alice, jid, "rejected", expect=409)
    add_event(client, alice, jid, "interview", expect=409)


def test_event_shape(client: TestClient, alice: dict[str, str]) -> None:
    job = make_job(client, alice)
    job = add_event(
        client, alice, job["id"], "interview",
        event_time="14:30:59", location="Zoom", note={"type": "panel", "interviewers": "Ann, Bo"},
    )  # fmt: skip
    event = job["events"][0]
    assert set(event) == {
        "id", "event_type", "event_date", "event_time", "location", "note", "inferred",
        "created_at", "updated_at",
    }  # fmt: skip
    assert event["inferred"] is False  # the user dated it
    assert event["event_date"] == "2026-02-03"
    assert event["event_time"] == "14:30"
    assert event["location"] == "Zoom"
    assert event["note"] == {
        **INTERVIEW_DEFAULTS, "type": "panel", "round": 1, "interviewers": "Ann, Bo"
    }  # fmt: skip


def test_defaults_fill_in(client: TestClient, alice: dict[str, str]) -> None:
    job = make_job(client, alice)
    job = add_event(client, alice, job["id"], "applied")
    assert job["events"][0]["note"]["type"] == "online"
    assert job["events"][0]["event_time"] is None


@pytest.mark.parametrize(
    ("history", "event_type"),
    [
        ([], "accepted"),
        (["applied"], "declined"),
        (["applied", "screening"], "applied"),
        (["applied", "reference"], "interview"),
        (["offer"], "screening"),
        (["offer"], "offer"),
        (["offer", "declined"], "accepted"),
        (["applied", "rejected"], "applied"),
        (["applied", "rejected"], "rejected"),
    ],
)
def test_forbidden_transitions_are_409_and_change_nothing(
    client: TestClient, alice: dict[str, str], history: list[str], event_type: str
) -> None:
    job = make_job(client, alice)
    for step in history:
        job = add_event(client, alice, job["id"], step)
    response = client.post(
        f"/api/tracked/{job['id']}/events",
        json={"event_type": event_type, "event_date": "2026-02-04"},
        headers=alice,
    )
    assert response.status_code == 409
    assert len(response.json()["detail"]) > 20
    assert client.get(f"/api/tracked/{job['id']}", headers=alice).json() == job


def test_skipping_forward_is_allowed(client: TestClient, alice: dict[str, str]) -> None:
    job = make_job(client, alice)
    assert add_event(client, alice, job["id"], "offer")["stage"] == "offer"


def test_rejected_from_any_non_final_stage(client: TestClient, alice: dict[str, str]) -> None:
    for history in ([], ["applied"], ["applied", "interview"], ["offer"]):
        job = make_job(client, alice)
        for step in history:
            add_event(client, alice, job["id"], step)
        assert add_event(client, alice, job["id"], "rejected")["stage"] == "rejected"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"event_type": "promoted", "event_date": "2026-01-01"}, "event_type"),
        ({"event_type": "applied"}, "event_date"),
        ({"event_type": "applied", "event_date": "yesterday"}, "event_date"),
        ({"event_type": "applied", "event_date": "2026-01-01", "event_time": "25:00"}, "event_time"),
        ({"event_type": "applied", "event_date": "2026-01-01", "location": "x" * 201}, "location"),
        ({"event_type": "applied", "event_date": "2026-01-01", "colour": "red"}, "colour"),
        ({"event_type": "applied", "event_date": "2026-01-01", "note": {"round": 1}}, "round"),
        ({"event_type": "applied", "event_date": "2026-01-01", "note": {"type": "fax"}}, "type"),
        ({"event_type": "interview", "event_date": "2026-01-01", "note": {"round": "2"}}, "round"),
        ({"event_type": "interview", "event_date": "2026-01-01", "note": {"round": 0}}, "round"),
        ({"event_type": "offer", "event_date": "2026-01-01", "note": {"deadline": "soon"}},
         "deadline"),
        ({"event_type": "declined", "event_date": "2026-01-01", "note": {"reason": "x" * 2001}},
         "reason"),
        ({"event_type": "rejected", "event_date": "2026-01-01", "note": {"note": "x" * 10_001}},
         "note"),
    ],
)  # fmt: skip
def test_bad_event_input_is_422_naming_the_field(
    client: TestClient, alice: dict[str, str], body: dict[str, Any], field: str
) -> None:
    job = make_job(client, alice)
    response = client.post(f"/api/tracked/{job['id']}/events", json=body, headers=alice)
    assert response.status_code == 422, response.text
    assert field in response.json()["message"]
    assert stage_of(client, alice, job["id"]) == "saved"


def test_explicit_round_is_kept(client: TestClient, alice: dict[str, str]) -> None:
    job = make_job(client, alice)
    job = add_event(client, alice, job["id"], "interview", note={"round": 3})
    assert job["events"][0]["note"]["round"] == 3


def test_delete_latest_rolls_back_stage(client: TestClient, alice: dict[str, str]) -> None:
    job = make_job(client, alice)
    jid = job["id"]
    add_event(client, alice, jid, "applied")
    job = add_event(client, alice, jid, "screening")
    latest = job["events"][-1]["id"]
    response = client.delete(f"/api/tracked/{jid}/events/{latest}", headers=alice)
    assert response.status_code == 200
    assert response.json()["stage"] == "applied"
    assert [e["event_type"] for e in response.json()["events"]] == ["applied"]
    first = response.json()["events"][0]["id"]
    assert client.delete(f"/api/tracked/{jid}/events/{first}", headers=alice).json()["stage"] == (
        "saved"
    )


def test_only_latest_event_can_be_deleted(client: TestClient, alice: dict[str, str]) -> None:
    job = make_job(client, alice)
    add_event(client, alice, job["id"], "applied")
    job = add_event(client, alice, job["id"], "screening")
    first = job["events"][0]["id"]
    response = client.delete(f"/api/tracked/{job['id']}/events/{first}", headers=alice)
    assert response.status_code == 409
    assert "latest" in response.json()["detail"]
    assert client.get(f"/api/tracked/{job['id']}", headers=alice).json() == job


def test_missing_event_is_404(client: TestClient, alice: dict[str, str]) -> None:
    job = make_job(client, alice)
    other = make_job(client, alice)
    other = add_event(client, alice, other["id"], "applied")
    event_id = other["events"][0]["id"]
    assert (
        client.delete(f"/api/tracked/{job['id']}/events/{event_id}", headers=alice).status_code
        == 404
    )
    assert client.patch(
        f"/api/tracked/{job['id']}/events/{event_id}", json={"location": "x"}, headers=alice
    ).status_code == 404  # fmt: skip


def test_delete_after_accepted_reopens_offer(client: TestClient, alice: dict[str, str]) -> None:
    job = make_job(client, alice)
    add_event(client, alice, job["id"], "offer")
    job = add_event(client, alice, job["id"], "declined")
    response = client.delete(
        f"/api/tracked/{job['id']}/events/{job['events'][-1]['id']}", headers=alice
    )
    assert response.json()["stage"] == "offer"
    assert add_event(client, alice, job["id"], "accepted")["stage"] == "accepted"


def test_rejection_locks_everything_but_undo_and_delete(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice, notes={"salary": "1"})
    jid = job["id"]
    job = add_event(client, alice, jid, "applied")
    applied_id = job["events"][0]["id"]
    job = add_event(client, alice, jid, "rejected", note={"reason": "Position filled"})
    assert job["stage"] == "rejected"
    locked = [
        client.post(f"/api/tracked/{jid}/events", json={"event_type": "screening",
                    "event_date": "2026-01-01"}, headers=alice),
        client.patch(f"/api/tracked/{jid}/events/{applied_id}", json={"location": "x"},
                     headers=alice),
        client.patch(f"/api/tracked/{jid}", json={"notes": {"salary": "2"}}, headers=alice),
        client.patch(f"/api/tracked/{jid}", json={"title": "x"}, headers=alice),
    ]  # fmt: skip
    for response in locked:
        assert response.status_code == 409, response.text
        assert "rejected" in response.json()["detail"]
        assert "undo" in response.json()["detail"]
    assert client.get(f"/api/tracked/{jid}", headers=alice).json() == job

    # Undo: delete the rejection.
    undone = client.delete(f"/api/tracked/{jid}/events/{job['events'][-1]['id']}", headers=alice)
    assert undone.status_code == 200
    assert undone.json()["stage"] == "applied"
    assert add_event(client, alice, jid, "screening")["stage"] == "screening"

    add_event(client, alice, jid, "rejected")
    assert client.delete(f"/api/tracked/{jid}", headers=alice).status_code == 204


def test_withdrawn_from_applied_up_to_offer_with_its_reason(
    client: TestClient, alice: dict[str, str]
) -> None:
    for history in (["applied"], ["applied", "interview"], ["reference"], ["offer"]):
        job = make_job(client, alice)
        for step in history:
            add_event(client, alice, job["id"], step)
        note = {"reason": "Took another offer", "note": "told the recruiter"}
        job = add_event(client, alice, job["id"], "withdrawn", note=note)
        assert job["stage"] == "withdrawn"
        assert job["events"][-1]["note"] == note


@pytest.mark.parametrize(
    ("history", "needle"),
    [
        ([], "Record the application before withdrawing"),
        (["offer", "accepted"], "already accepted"),
        (["offer", "declined"], "already declined"),
        (["applied", "rejected"], "delete the rejection event to undo it"),
        (["applied", "withdrawn"], "delete the withdrawal event to undo it"),
    ],
)
def test_withdrawn_is_refused_outside_applied_to_offer_saying_why(
    client: TestClient, alice: dict[str, str], history: list[str], needle: str
) -> None:
    job = make_job(client, alice)
    for step in history:
        add_event(client, alice, job["id"], step)
    response = client.post(
        f"/api/tracked/{job['id']}/events",
        json={"event_type": "withdrawn", "event_date": "2026-01-02"},
        headers=alice,
    )
    assert response.status_code == 409, response.text
    assert needle in response.json()["detail"]


def test_a_withdrawal_reason_over_the_limit_is_a_422_naming_it(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice)
    add_event(client, alice, job["id"], "applied")
    response = client.post(
        f"/api/tracked/{job['id']}/events",
        json={"event_type": "withdrawn", "event_date": "2026-01-02",
              "note": {"reason": "x" * 2001}},
        headers=alice,
    )  # fmt: skip
    assert response.status_code == 422
    assert "reason" in response.text
    assert stage_of(client, alice, job["id"]) == "applied"


def test_withdrawal_locks_everything_but_undo_and_delete(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice, notes={"salary": "1"})
    jid = job["id"]
    job = add_event(client, alice, jid, "applied")
    applied_id = job["events"][0]["id"]
    job = add_event(client, alice, jid, "withdrawn", note={"reason": "Relocating"})
    withdrawn_id = job["events"][-1]["id"]
    locked = [
        client.post(f"/api/tracked/{jid}/events", json={"event_type": "screening",
                    "event_date": "2026-01-01"}, headers=alice),
        client.post(f"/api/tracked/{jid}/events", json={"event_type": "rejected",
                    "event_date": "2026-01-01"}, headers=alice),
        client.patch(f"/api/tracked/{jid}/events/{applied_id}", json={"location": "x"},
                     headers=alice),
        client.patch(f"/api/tracked/{jid}/events/{withdrawn_id}", json={"note": {}},
                     headers=alice),
        client.patch(f"/api/tracked/{jid}", json={"notes": {"salary": "2"}}, headers=alice),
        client.patch(f"/api/tracked/{jid}", json={"title": "x"}, headers=alice),
    ]  # fmt: skip
    for response in locked:
        assert response.status_code == 409, response.text
        detail = response.json()["detail"]
        assert "withdrawn" in detail
        assert "delete the withdrawal event to undo it" in detail
    assert client.get(f"/api/tracked/{jid}", headers=alice).json() == job
    # Deleting an event that is not the latest is still refused.
    not_latest = client.delete(f"/api/tracked/{jid}/events/{applied_id}", headers=alice)
    assert not_latest.status_code == 409

    # Undo: delete the withdrawal.
    undone = client.delete(f"/api/tracked/{jid}/events/{withdrawn_id}", headers=alice)
    assert undone.status_code == 200
    assert undone.json()["stage"] == "applied"
    assert add_event(client, alice, jid, "screening")["stage"] == "screening"

    add_event(client, alice, jid, "withdrawn")
    assert client.delete(f"/api/tracked/{jid}", headers=alice).status_code == 204


def test_patch_event_fields_and_note_replaced_whole(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice)
    job = add_event(
        client, alice, job["id"], "applied",
        note={"type": "referral", "referrer_name": "Ann", "note": "hi"},
    )  # fmt: skip
    event = job["events"][0]
    url = f"/api/tracked/{job['id']}/events/{event['id']}"
    response = client.patch(
        url,
        json={"event_date": "2026-03-01", "event_time": "09:05", "location": "HQ",
              "note": {"type": "email"}},
        headers=alice,
    )  # fmt: skip
    assert response.status_code == 200
    edited = response.json()["events"][0]
    assert edited["event_date"] == "2026-03-01"
    assert edited["event_time"] == "09:05"
    assert edited["location"] == "HQ"
    assert edited["note"] == {
        "note": None, "type": "email", "referrer_name": None, "referrer_content": None
    }  # fmt: skip
    assert edited["updated_at"] > event["updated_at"]
    assert response.json()["stage"] == "applied"
    cleared = client.patch(url, json={"event_time": None, "location": None}, headers=alice).json()
    assert cleared["events"][0]["event_time"] is None
    assert cleared["events"][0]["note"]["type"] == "email"


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"event_type": "offer"}, "event_type"),
        ({"event_date": None}, "event_date"),
        ({"note": {"round": 2}}, "round"),
        ({"note": {"type": "fax"}}, "type"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_patch_event_rejects_bad_input(
    client: TestClient, alice: dict[str, str], body: dict[str, Any], needle: str
) -> None:
    job = make_job(client, alice)
    job = add_event(client, alice, job["id"], "applied")
    url = f"/api/tracked/{job['id']}/events/{job['events'][0]['id']}"
    response = client.patch(url, json=body, headers=alice)
    assert response.status_code == 422
    assert needle in response.json()["message"]
    assert client.get(f"/api/tracked/{job['id']}", headers=alice).json() == job


def test_editing_an_interview_keeps_its_round(client: TestClient, alice: dict[str, str]) -> None:
    job = make_job(client, alice)
    add_event(client, alice, job["id"], "interview")
    job = add_event(client, alice, job["id"], "interview")
    url = f"/api/tracked/{job['id']}/events/{job['events'][1]['id']}"
    edited = client.patch(url, json={"note": {"type": "onsite"}}, headers=alice).json()
    assert edited["events"][1]["note"] == {**INTERVIEW_DEFAULTS, "type": "onsite", "round": 2}
    assert edited["events"][1]["note"]["interviewers"] is None


def test_events_may_be_edited_after_a_final_outcome(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice)
    add_event(client, alice, job["id"], "offer")
    job = add_event(client, alice, job["id"], "accepted")
    url = f"/api/tracked/{job['id']}/events/{job['events'][0]['id']}"
    assert client.patch(url, json={"note": {"amount": "200k"}}, headers=alice).status_code == 200


def test_stored_event_notes_that_no_longer_fit_read_back(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    job = make_job(client, alice)
    job = add_event(client, alice, job["id"], "interview")
    connection.execute(
        text("UPDATE tracking_events SET note = :n WHERE job_id = :id"),
        {"n": '{"type": "hologram", "round": "two", "interviewers": "Kim", "x": {"y": 1}}',
         "id": job["id"]},
    )  # fmt: skip
    connection.execute(
        text("INSERT INTO tracking_events (job_id, event_type, event_date, note) "
             "VALUES (:id, 'interview', '2026-01-02', '[1, 2]'::jsonb)"),
        {"id": job["id"]},
    )  # fmt: skip
    response = client.get(f"/api/tracked/{job['id']}", headers=alice)
    assert response.status_code == 200
    notes = [e["note"] for e in response.json()["events"]]
    assert notes[0] == {**INTERVIEW_DEFAULTS, "interviewers": "Kim"}
    assert notes[1] == INTERVIEW_DEFAULTS
    assert (notes[0]["type"], notes[0]["round"]) == ("video", None)
    assert client.get("/api/tracked", headers=alice).status_code == 200


def test_an_explicit_round_the_job_already_has_is_422_at_the_round(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice)
    add_event(client, alice, job["id"], "interview")
    add_event(client, alice, job["id"], "interview", note={"round": 2})
    refused = add_event(client, alice, job["id"], "interview", note={"round": 2}, expect=422)
    assert refused["detail"][0]["loc"] == ["body", "interview", "note", "round"]
    assert refused["message"].startswith("interview.note.round: ")
    assert "already has interview round 2" in refused["message"]
    after = client.get(f"/api/tracked/{job['id']}", headers=alice).json()
    assert [e["note"]["round"] for e in after["events"]] == [1, 2]  # nothing written


def test_the_next_round_follows_the_highest_so_no_round_repeats(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice)
    add_event(client, alice, job["id"], "interview", note={"round": 3})
    add_event(client, alice, job["id"], "interview", note={"round": 1})
    job = add_event(client, alice, job["id"], "interview")
    assert [e["note"]["round"] for e in job["events"]] == [3, 1, 4]


def test_editing_an_interview_to_another_interviews_round_is_422_at_the_round(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice)
    add_event(client, alice, job["id"], "interview")
    job = add_event(client, alice, job["id"], "interview")
    first, second = job["events"]
    url = f"/api/tracked/{job['id']}/events/{second['id']}"
    response = client.patch(url, json={"note": {"round": 1}}, headers=alice)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", "note", "round"]
    assert "already has interview round 1" in response.json()["message"]
    # Its own round is not a conflict, and an edit without a round keeps it.
    assert client.patch(url, json={"note": {"round": 2}}, headers=alice).status_code == 200
    kept = client.patch(url, json={"note": {"type": "onsite"}}, headers=alice).json()
    assert kept["events"][1]["note"]["round"] == 2
    assert first["note"]["round"] == 1


def test_editing_a_round_hints_the_lowest_free_one_and_no_empty_field(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice)
    for _ in range(3):
        job = add_event(client, alice, job["id"], "interview")
    second = job["events"][1]
    url = f"/api/tracked/{job['id']}/events/{second['id']}"
    # Round 2 moved to 1: its own round 2 is the free one (not 4), and an empty round would
    # keep 2, so the hint does not offer it.
    response = client.patch(url, json={"note": {"round": 1}}, headers=alice)
    assert response.status_code == 422, response.text
    assert response.json()["message"] == (
        "note.round: This job already has interview round 1; use round 2."
    )


@pytest.mark.parametrize("bad_date", [0, "0", 20260203, "2026-02-03T10:00:00", "3.2.2026"])
def test_an_event_date_must_be_written_yyyy_mm_dd(
    client: TestClient, alice: dict[str, str], bad_date: object
) -> None:
    job = make_job(client, alice)
    body = {"event_type": "applied", "event_date": bad_date}
    response = client.post(f"/api/tracked/{job['id']}/events", json=body, headers=alice)
    assert response.status_code == 422, response.text
    assert "YYYY-MM-DD" in response.text
    assert client.get(f"/api/tracked/{job['id']}", headers=alice).json()["events"] == []
