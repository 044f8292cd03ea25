"""Contacts in the export document and the import: positions instead of ids, the round trip,
deduplication against the caller's contacts, all or nothing, the per-user limit."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, text

from jobtrack.contacts.schemas import MAX_CONTACTS_PER_USER
from tests.conftest import ALICE, add_event, make_job
from tests.integration.test_contacts import attach, make_contact
from tests.integration.test_portability import document, export, import_, job
from tests.integration.test_query_counts import count_statements


def _people(client: TestClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    return list(client.get("/api/contacts", headers=headers).json()["items"])


def _alices_search(client: TestClient, alice: dict[str, str]) -> None:
    """Three jobs, four people (one attached to nobody, two of one name), attachments in a
    chosen order."""
    acme, globex = (
        make_job(client, alice, company="Acme"),
        make_job(client, alice, company="Globex"),
    )
    make_job(client, alice, company="Initech")
    add_event(
        client, alice, acme["id"], "applied", note={"type": "referral", "referrer_name": "Ada"}
    )
    ada = make_contact(
        client,
        alice,
        name="Ada",
        role="referrer",
        email="ada@example.com",
        phone="+1 555 0100",
        linkedin_url="https://www.linkedin.com/in/ada",
        note="Former colleague",
    )
    bob = make_contact(client, alice, name="bob", role="recruiter")
    make_contact(client, alice, name="Bob", role="interviewer")
    make_contact(client, alice, name="Zed")
    attach(client, alice, acme["id"], [bob["id"], ada["id"]])
    attach(client, alice, globex["id"], [ada["id"]])


def test_export_carries_contacts_by_name_and_jobs_point_at_them_by_position(
    client: TestClient, alice: dict[str, str]
) -> None:
    _alices_search(client, alice)
    body = export(client, alice)
    assert [(c["name"], c["role"]) for c in body["contacts"]] == [
        ("Ada", "referrer"),
        ("bob", "recruiter"),
        ("Bob", "interviewer"),
        ("Zed", "other"),
    ]
    assert body["contacts"][0] == {
        "name": "Ada",
        "role": "referrer",
        "email": "ada@example.com",
        "phone": "+1 555 0100",
        "linkedin_url": "https://www.linkedin.com/in/ada",
        "note": "Former colleague",
    }
    assert {j["company"]: j["contacts"] for j in body["jobs"]} == {
        "Acme": [1, 0],
        "Globex": [0],
        "Initech": [],
    }
    assert "id" not in str(body["contacts"])  # no ids leave the account


def test_export_import_export_gives_the_same_contacts_and_attachments(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    _alices_search(client, alice)
    before = export(client, alice)
    result = import_(client, bob, before)
    assert (result["created"], result["contacts_created"]) == (3, 4)
    after = export(client, bob)
    assert after["contacts"] == before["contacts"]
    assert after["jobs"] == before["jobs"]
    # Bob's own now: his jobs show them in order, and alice's are untouched.
    acme_id = next(
        j["id"]
        for j in client.get("/api/tracked", headers=bob).json()["items"]
        if j["company"] == "Acme"
    )
    bobs_acme = client.get(f"/api/tracked/{acme_id}", headers=bob).json()
    assert [c["name"] for c in bobs_acme["contacts"]] == ["bob", "Ada"]
    assert {c["id"] for c in bobs_acme["contacts"]}.isdisjoint(
        c["id"] for c in _people(client, alice)
    )
    assert len(_people(client, alice)) == 4


def test_importing_into_the_same_account_adds_no_contact(
    client: TestClient, alice: dict[str, str]
) -> None:
    _alices_search(client, alice)
    before = _people(client, alice)
    result = import_(client, alice, export(client, alice))
    assert (result["created"], result["contacts_created"]) == (0, 0)
    assert _people(client, alice) == before


def test_an_imported_contact_with_the_name_and_email_of_one_the_caller_has_is_that_one(
    client: TestClient, alice: dict[str, str]
) -> None:
    mine = make_contact(client, alice, name="Ada Lovelace", email="Ada@Example.com", note="mine")
    doc = document(job("Acme", contacts=[0, 1]))
    doc["contacts"] = [
        {"name": "  ada lovelace ", "email": "ada@example.COM", "note": "theirs"},
        {"name": "Ada Lovelace", "email": "other@example.com"},
    ]
    result = import_(client, alice, doc)
    assert result["contacts_created"] == 1
    people = {c["email"]: c for c in _people(client, alice)}
    assert people["Ada@Example.com"]["note"] == "mine"  # kept as it was
    [job_id] = result["job_ids"]
    assert people["Ada@Example.com"]["job_ids"] == [job_id]
    assert people["other@example.com"]["job_ids"] == [job_id]
    shown = client.get(f"/api/tracked/{job_id}", headers=alice).json()["contacts"]
    assert [c["id"] for c in shown] == [mine["id"], people["other@example.com"]["id"]]


def test_bad_contacts_refuse_the_whole_import_naming_the_path(
    client: TestClient, alice: dict[str, str]
) -> None:
    cases = [
        ({"contacts": [{"name": "A", "email": "nope"}]}, [], "contacts[0].email"),
        ({"contacts": [{"name": "A", "role": "boss"}]}, [], "contacts[0].role"),
        ({"contacts": [{"name": "A"}]}, [0, 1], "jobs[1].contacts[1]"),
        ({"contacts": [{"name": "A"}]}, [0, 0], "jobs[1].contacts"),
        ({}, [-1], "jobs[1].contacts[0]"),
    ]
    for extra, refs, path in cases:
        doc = {**document(job("Fine"), job("Acme", contacts=refs)), **extra}
        response = client.post("/api/import", json=doc, headers=alice)
        assert response.status_code == 422, response.text
        assert response.json()["message"].startswith(path), response.json()["message"]
    assert client.get("/api/tracked", headers=alice).json()["items"] == []
    assert _people(client, alice) == []


def test_a_dry_run_counts_contacts_and_writes_none(
    client: TestClient, alice: dict[str, str]
) -> None:
    doc = document(job("Acme", contacts=[0]))
    doc["contacts"] = [{"name": "Ada"}, {"name": "Bob"}]
    result = import_(client, alice, doc, expect=200, dry_run="true")
    assert (result["created"], result["contacts_created"]) == (1, 2)
    assert _people(client, alice) == []


def test_contacts_past_the_per_user_limit_refuse_the_import_writing_nothing(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    connection.execute(
        text(
            "INSERT INTO contacts (user_id, name) "
            "SELECT :user, 'Person ' || n FROM generate_series(1, :n) AS n"
        ),
        {"user": ALICE, "n": MAX_CONTACTS_PER_USER - 1},
    )
    doc = document(job("Acme", contacts=[1]))
    doc["contacts"] = [{"name": "Person 1"}, {"name": "New one"}]  # one known, one new: fits
    assert import_(client, alice, doc, expect=200, dry_run="true")["contacts_created"] == 1
    doc["contacts"].append({"name": "One too many"})
    refused = import_(client, alice, doc, expect=409)
    assert f"{MAX_CONTACTS_PER_USER:,}" in refused["detail"]
    assert client.get("/api/tracked", headers=alice).json()["items"] == []


def test_an_import_with_contacts_is_a_few_statements_whatever_the_size(
    client: TestClient, alice: dict[str, str], engine: Engine
) -> None:
    doc = document(*(job(f"C{i}", contacts=[i % 7, 7]) for i in range(40)))
    doc["contacts"] = [{"name": f"P{i}"} for i in range(8)]
    with count_statements(engine) as statements:
        assert import_(client, alice, doc)["contacts_created"] == 8
    # the job lock, the jobs, INSERT jobs; the contact lock, the contacts, INSERT contacts,
    # INSERT attachments
    assert len(statements) == 7, statements
