"""A rejection's `reason_category` over HTTP: one of four choices or none.

(Only creation is tested: a rejected job is locked, so its rejection cannot be edited.)
"""

from __future__ import annotations

from typing import get_args

import pytest
from fastapi.testclient import TestClient

from jobtrack.tracking.notes import RejectedNote, RejectionCategory
from tests.conftest import add_event, make_job

# A rejection note with every field at its default, as a read returns it, in the model's order.
DEFAULTS = RejectedNote().model_dump(mode="json")

CATEGORIES = ["no_response", "position_filled", "after_interview", "other"]


def test_the_categories_are_the_four_the_form_offers() -> None:
    assert list(get_args(RejectionCategory)) == CATEGORIES


@pytest.mark.parametrize("category", CATEGORIES)
def test_a_rejection_takes_each_category_beside_its_details(
    client: TestClient, alice: dict[str, str], category: str
) -> None:
    job = make_job(client, alice)
    note = {"reason_category": category, "reason": "no reply in three weeks"}
    job = add_event(client, alice, job["id"], "rejected", note=note)
    assert job["stage"] == "rejected"
    assert job["events"][-1]["note"] == {**DEFAULTS, **note}


def test_a_rejection_without_a_category_reads_it_as_null(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice)
    job = add_event(client, alice, job["id"], "rejected", note={"reason": "ghosted"})
    assert list(job["events"][-1]["note"].items()) == list(
        {**DEFAULTS, "reason": "ghosted"}.items()
    )
    assert job["events"][-1]["note"]["reason_category"] is None


@pytest.mark.parametrize("bad", ["ghosted", "No response / ghosted", "", 1])
def test_create_rejects_another_category_naming_the_field(
    client: TestClient, alice: dict[str, str], bad: object
) -> None:
    job = make_job(client, alice)
    body = {"event_type": "rejected", "event_date": "2026-02-03", "note": {"reason_category": bad}}
    response = client.post(f"/api/tracked/{job['id']}/events", json=body, headers=alice)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", "rejected", "note", "reason_category"]
    assert response.json()["message"].startswith("rejected.note.reason_category: ")
    assert client.get(f"/api/tracked/{job['id']}", headers=alice).json()["stage"] == "saved"


def test_the_category_survives_export_and_import(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    job = make_job(client, alice, company="Initech")
    note = {"reason_category": "after_interview", "reason": "went with someone internal"}
    add_event(client, alice, job["id"], "rejected", note=note)
    exported = client.get("/api/export", headers=alice)
    assert exported.status_code == 200, exported.text
    (rejection,) = exported.json()["jobs"][0]["events"]
    assert rejection["note"] == {**DEFAULTS, **note}
    imported = client.post("/api/import", json=exported.json(), headers=bob)
    assert imported.status_code == 201, imported.text
    (item,) = client.get("/api/tracked", headers=bob).json()["items"]
    events = client.get(f"/api/tracked/{item['id']}", headers=bob).json()["events"]
    assert [e["note"] for e in events] == [{**DEFAULTS, **note}]
