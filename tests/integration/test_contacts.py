"""Contacts over HTTP: the routes, ownership, the per-user cap, detaching on delete, the
order of a job's people, and the job's `contacts` in every answer with one job."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, text

from jobtrack.contacts.schemas import MAX_CONTACTS_PER_USER
from tests.conftest import ALICE, add_event, make_job
from tests.integration.test_query_counts import count_statements
from tests.quota_race import release_together


def make_contact(
    client: TestClient, headers: dict[str, str], expect: int = 201, **fields: Any
) -> dict[str, Any]:
    response = client.post(
        "/api/contacts", json={"name": "Ada Lovelace", **fields}, headers=headers
    )
    assert response.status_code == expect, response.text
    return dict(response.json())


def attach(
    client: TestClient, headers: dict[str, str], job_id: int, ids: list[Any], expect: int = 200
) -> Any:
    response = client.put(
        f"/api/tracked/{job_id}/contacts", json={"contact_ids": ids}, headers=headers
    )
    assert response.status_code == expect, response.text
    return response.json()


def test_create_returns_the_whole_contact_trimmed_with_unset_fields_null(
    client: TestClient, alice: dict[str, str]
) -> None:
    contact = make_contact(client, alice, name="  Ada  ", email="", phone=" +44 20 7946 0958 ")
    assert set(contact) == {
        "id", "name", "role", "email", "phone", "linkedin_url", "note", "job_ids",
    }  # fmt: skip
    assert contact["name"] == "Ada"
    assert contact["role"] == "other"
    assert contact["email"] is None
    assert contact["phone"] == "+44 20 7946 0958"
    assert contact["linkedin_url"] is None
    assert contact["job_ids"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "A", "role": "boss"}, "role"),
        ({"name": "A", "email": "ada at example"}, "email"),
        ({"name": "A", "email": "ada@example"}, "email"),
        ({"name": "A", "phone": "call me maybe"}, "phone"),
        ({"name": "A", "linkedin_url": "linkedin.com/in/ada"}, "linkedin_url"),
        ({"name": "A", "linkedin_url": "ftp://linkedin.com/in/ada"}, "linkedin_url"),
        ({"name": "A", "note": "x" * 2_001}, "note"),
        ({"name": "A", "nickname": "Ad"}, "nickname"),
    ],
)
def test_bad_input_is_422_naming_the_field_and_nothing_is_written(
    client: TestClient, alice: dict[str, str], body: dict[str, Any], field: str
) -> None:
    response = client.post("/api/contacts", json=body, headers=alice)
    assert response.status_code == 422, response.text
    assert field in response.text
    assert client.get("/api/contacts", headers=alice).json() == {"items": []}


def test_list_is_by_name_and_q_matches_name_or_email_ignoring_case(
    client: TestClient, alice: dict[str, str]
) -> None:
    make_contact(client, alice, name="carol", email="c@corp.example")
    make_contact(client, alice, name="Bob", email="bob@ACME.example", role="recruiter")
    make_contact(client, alice, name="Alice 100%")

    names = [c["name"] for c in client.get("/api/contacts", headers=alice).json()["items"]]
    assert names == ["Alice 100%", "Bob", "carol"]

    def search(q: str) -> list[str]:
        items = client.get("/api/contacts", params={"q": q}, headers=alice).json()["items"]
        return [c["name"] for c in items]

    assert search("acme") == ["Bob"]
    assert search("CAR") == ["carol"]
    assert search("%") == ["Alice 100%"]
    assert search("  ") == ["Alice 100%", "Bob", "carol"]


def test_patch_changes_what_is_sent_and_clears_with_null_or_blank(
    client: TestClient, alice: dict[str, str]
) -> None:
    contact = make_contact(client, alice, email="ada@example.com", phone="123", note="met at PyCon")
    response = client.patch(
        f"/api/contacts/{contact['id']}",
        json={"role": "hiring_manager", "email": None, "phone": ""},
        headers=alice,
    )
    assert response.status_code == 200, response.text
    changed = response.json()
    assert changed["role"] == "hiring_manager"
    assert (changed["email"], changed["phone"]) == (None, None)
    assert changed["note"] == "met at PyCon"
    assert changed["name"] == "Ada Lovelace"

    for body, field in (({"name": None}, "name"), ({"email": "nope"}, "email")):
        refused = client.patch(f"/api/contacts/{contact['id']}", json=body, headers=alice)
        assert refused.status_code == 422
        assert field in refused.text
    [kept] = client.get("/api/contacts", headers=alice).json()["items"]
    assert kept == changed


def test_put_attaches_in_the_order_given_and_every_job_read_shows_them(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice)
    ada = make_contact(client, alice, name="Ada", role="recruiter")
    bob = make_contact(client, alice, name="Bob", role="interviewer")
    cy = make_contact(client, alice, name="Cy")

    answered = attach(client, alice, job["id"], [cy["id"], ada["id"], bob["id"]])
    refs = [
        {"id": cy["id"], "name": "Cy", "role": "other"},
        {"id": ada["id"], "name": "Ada", "role": "recruiter"},
        {"id": bob["id"], "name": "Bob", "role": "interviewer"},
    ]
    assert answered["contacts"] == refs
    assert client.get(f"/api/tracked/{job['id']}", headers=alice).json() == answered
    # The list's items leave the people out (a subquery per row would cost more than the row).
    [listed] = client.get("/api/tracked", headers=alice).json()["items"]
    assert listed == {
        key: value
        for key, value in answered.items()
        if key not in ("contacts", "documents", "posting")
    }
    # A write of the job answers with its people too.
    assert add_event(client, alice, job["id"], "applied")["contacts"] == refs

    # Reordering and dropping one keep exactly what was sent.
    assert attach(client, alice, job["id"], [bob["id"], cy["id"]])["contacts"] == [refs[2], refs[0]]
    items = {
        c["name"]: c["job_ids"] for c in client.get("/api/contacts", headers=alice).json()["items"]
    }
    assert items == {"Ada": [], "Bob": [job["id"]], "Cy": [job["id"]]}
    assert attach(client, alice, job["id"], [])["contacts"] == []


def test_a_contact_lists_every_job_it_is_attached_to(
    client: TestClient, alice: dict[str, str]
) -> None:
    ada = make_contact(client, alice)
    first, second = make_job(client, alice, company="A"), make_job(client, alice, company="B")
    attach(client, alice, second["id"], [ada["id"]])
    attach(client, alice, first["id"], [ada["id"]])
    [listed] = client.get("/api/contacts", headers=alice).json()["items"]
    assert listed["job_ids"] == sorted([first["id"], second["id"]])


def test_put_refuses_duplicates_and_more_than_50_with_422_writing_nothing(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice)
    ada = make_contact(client, alice)
    attach(client, alice, job["id"], [ada["id"]])
    twice = attach(client, alice, job["id"], [ada["id"], ada["id"]], expect=422)
    assert "contact_ids" in str(twice)
    too_many = attach(client, alice, job["id"], list(range(1, 52)), expect=422)
    assert "contact_ids" in str(too_many)
    for bad in (["x"], [0], None):
        attach(client, alice, job["id"], bad, expect=422)  # type: ignore[arg-type]
    assert client.get(f"/api/tracked/{job['id']}", headers=alice).json()["contacts"] == [
        {"id": ada["id"], "name": "Ada Lovelace", "role": "other"}
    ]


def test_another_users_contact_or_job_is_404_as_if_missing_and_nothing_changes(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    alices_job = make_job(client, alice)
    alices = make_contact(client, alice, name="Alice's friend", email="friend@example.com")
    attach(client, alice, alices_job["id"], [alices["id"]])
    bobs_job = make_job(client, bob)
    bobs = make_contact(client, bob, name="Bob's friend")

    missing = 2**31 - 1
    for path in (f"/api/contacts/{alices['id']}", f"/api/contacts/{missing}"):
        assert client.patch(path, json={"name": "x"}, headers=bob).status_code == 404
        assert client.delete(path, headers=bob).status_code == 404
    # Bob's job with alice's contact, alice's job with bob's contact: both 404, same body.
    borrowed = attach(client, bob, bobs_job["id"], [bobs["id"], alices["id"]], expect=404)
    assert borrowed == attach(client, bob, bobs_job["id"], [missing], expect=404)
    assert attach(client, bob, alices_job["id"], [bobs["id"]], expect=404) == attach(
        client, bob, missing, [bobs["id"]], expect=404
    )
    assert client.get("/api/contacts", headers=bob).json()["items"][0]["name"] == "Bob's friend"
    assert len(client.get("/api/contacts", headers=bob).json()["items"]) == 1
    assert client.get(f"/api/tracked/{bobs_job['id']}", headers=bob).json()["contacts"] == []
    [kept] = client.get("/api/contacts", headers=alice).json()["items"]
    assert (kept["name"], kept["job_ids"]) == ("Alice's friend", [alices_job["id"]])


def test_delete_detaches_the_contact_and_keeps_the_others_in_order(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    job = make_job(client, alice)
    ada, bob, cy = (make_contact(client, alice, name=n) for n in ("Ada", "Bob", "Cy"))
    attach(client, alice, job["id"], [cy["id"], bob["id"], ada["id"]])

    assert client.delete(f"/api/contacts/{bob['id']}", headers=alice).status_code == 204
    shown = client.get(f"/api/tracked/{job['id']}", headers=alice).json()["contacts"]
    assert [c["name"] for c in shown] == ["Cy", "Ada"]
    rows = connection.execute(
        text("SELECT count(*) FROM job_contacts WHERE contact_id = :id"), {"id": bob["id"]}
    )
    assert rows.scalar() == 0
    assert client.delete(f"/api/contacts/{bob['id']}", headers=alice).status_code == 404


def test_deleting_a_job_keeps_its_contacts(client: TestClient, alice: dict[str, str]) -> None:
    job = make_job(client, alice)
    ada = make_contact(client, alice)
    attach(client, alice, job["id"], [ada["id"]])
    assert client.delete(f"/api/tracked/{job['id']}", headers=alice).status_code == 204
    [kept] = client.get("/api/contacts", headers=alice).json()["items"]
    assert kept["job_ids"] == []


@pytest.mark.parametrize("outcome", ["rejected", "withdrawn"])
def test_a_locked_job_refuses_attaching_people_with_409_until_undone(
    client: TestClient, alice: dict[str, str], outcome: str
) -> None:
    job = make_job(client, alice)
    add_event(client, alice, job["id"], "applied")
    locked = add_event(client, alice, job["id"], outcome)
    ada = make_contact(client, alice)
    refused = attach(client, alice, job["id"], [ada["id"]], expect=409)
    assert outcome in refused["detail"]
    # Undo, and the same request goes through.
    latest = locked["events"][-1]["id"]
    assert (
        client.delete(f"/api/tracked/{job['id']}/events/{latest}", headers=alice).status_code == 200
    )
    assert attach(client, alice, job["id"], [ada["id"]])["contacts"][0]["id"] == ada["id"]


def test_the_contact_past_the_cap_is_409_and_a_delete_makes_room(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    connection.execute(
        text(
            "INSERT INTO contacts (user_id, name) "
            "SELECT :user, 'Person ' || n FROM generate_series(1, :n) AS n"
        ),
        {"user": ALICE, "n": MAX_CONTACTS_PER_USER - 1},
    )
    last = make_contact(client, alice, name="The last one")
    refused = make_contact(client, alice, name="One too many", expect=409)
    assert f"{MAX_CONTACTS_PER_USER:,}" in refused["detail"]
    assert client.delete(f"/api/contacts/{last['id']}", headers=alice).status_code == 204
    make_contact(client, alice, name="Room again")


def test_reading_a_job_with_people_costs_no_extra_statement(
    client: TestClient, alice: dict[str, str], engine: Engine
) -> None:
    job = make_job(client, alice)
    ids = [make_contact(client, alice, name=f"P{i}")["id"] for i in range(5)]
    attach(client, alice, job["id"], ids)
    with count_statements(engine) as statements:
        body = client.get(f"/api/tracked/{job['id']}", headers=alice).json()
    assert [c["id"] for c in body["contacts"]] == ids
    assert len(statements) == 2, statements
    with count_statements(engine) as statements:
        assert len(client.get("/api/contacts", headers=alice).json()["items"]) == 5
    assert len(statements) == 1, statements


def test_concurrent_creates_at_the_last_free_place_make_exactly_one_contact(
    live_client: TestClient, alice: dict[str, str], engine: Engine
) -> None:
    """Both requests wait at the user's contact lock, then go together: the count each one
    makes after the lock sees the other's contact."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO contacts (user_id, name) "
                "SELECT :user, 'Person ' || n FROM generate_series(1, :n) AS n"
            ),
            {"user": ALICE, "n": MAX_CONTACTS_PER_USER - 1},
        )
    statuses: list[int] = []

    def create(name: str) -> None:
        response = live_client.post("/api/contacts", json={"name": name}, headers=alice)
        statuses.append(response.status_code)

    release_together(engine, ALICE, "contacts", [lambda: create("C"), lambda: create("D")])
    assert sorted(statuses) == [201, 409]
    with engine.connect() as conn:
        count = conn.scalar(text("SELECT count(*) FROM contacts WHERE user_id = :u"), {"u": ALICE})
    assert count == MAX_CONTACTS_PER_USER
