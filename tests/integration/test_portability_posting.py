"""A job's posting in the export document and back through the import: carried whole, made
safe again on the way in, refused naming its path, written in one statement."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from jobtrack.portability.schemas import CSV_COLUMNS, ExportDocument
from tests.conftest import add_event, make_job
from tests.integration.test_portability import document, export, import_, job
from tests.integration.test_query_counts import count_statements

POSTING = {
    "description_html": "<p>Build <b>payments</b> APIs.</p><ul><li>Python</li></ul>",
    "employment_type": "CONTRACTOR",
    "date_posted": "2026-11-20",
    "valid_through": "2026-12-31",
    "salary": {"min": 500, "max": 650, "currency": "EUR", "unit": "DAY"},
    "remote": False,
}


def test_export_carries_each_jobs_posting_and_the_import_restores_it(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    with_posting = make_job(client, alice, company="Acme", posting=POSTING)
    add_event(client, alice, with_posting["id"], "applied", event_date="2026-11-25")
    make_job(client, alice, company="Globex")  # none: null in the document
    before = export(client, alice)
    ExportDocument.model_validate(before)  # the documented shape
    assert [j["posting"] for j in before["jobs"]] == [with_posting["posting"], None]
    assert before["jobs"][0]["posting"]["description_text"] == "Build payments APIs.\n\nPython"

    result = import_(client, bob, before)
    assert result["created"] == 2
    assert export(client, bob)["jobs"] == before["jobs"]
    restored = client.get(f"/api/tracked/{result['job_ids'][0]}", headers=bob).json()
    assert restored["posting"] == with_posting["posting"]
    items = client.get("/api/tracked", params={"q": "payments"}, headers=bob).json()["items"]
    assert [item["id"] for item in items] == [result["job_ids"][0]]  # searchable again


def test_an_imported_description_is_made_safe_again_and_its_text_made_from_it(
    client: TestClient, alice: dict[str, str]
) -> None:
    hostile = {
        "description_html": '<p onclick="x()">Hi<script>alert(1)</script></p>'
        '<a href="javascript:alert(2)">js</a>',
        "description_text": "anything the file says",
    }
    [job_id] = import_(client, alice, document(job(posting=hostile)))["job_ids"]
    posting = client.get(f"/api/tracked/{job_id}", headers=alice).json()["posting"]
    assert posting["description_html"] == '<p>Hi</p><a rel="noopener noreferrer nofollow">js</a>'
    assert posting["description_text"] == "Hi\n\njs"


def test_a_bad_posting_refuses_the_whole_import_naming_its_path(
    client: TestClient, alice: dict[str, str]
) -> None:
    doc = document(job("Fine"), job("Bad", posting={"employment_type": "SOMETIMES"}))
    response = client.post("/api/import", json=doc, headers=alice)
    assert response.status_code == 422
    assert response.json()["message"].startswith("jobs[1].posting.employment_type: ")
    assert client.get("/api/tracked", headers=alice).json()["items"] == []


def test_the_csv_keeps_its_columns_with_postings(client: TestClient, alice: dict[str, str]) -> None:
    make_job(client, alice, posting=POSTING)
    response = client.get("/api/export", params={"format": "csv"}, headers=alice)
    header, row = list(csv.reader(io.StringIO(response.text)))
    assert tuple(header) == CSV_COLUMNS
    assert len(row) == len(CSV_COLUMNS)


def test_postings_cost_the_export_nothing_and_the_import_one_statement(
    client: TestClient, alice: dict[str, str], bob: dict[str, str], engine: Engine
) -> None:
    for i in range(5):
        make_job(client, alice, company=f"C{i}", posting=POSTING)
    with count_statements(engine) as statements:
        exported: dict[str, Any] = export(client, alice)
    assert len(statements) == 3, statements  # jobs (postings, events within), contacts, people
    with count_statements(engine) as statements:
        assert import_(client, bob, exported)["created"] == 5
    # the per-user import lock, the existing jobs, one INSERT of jobs, one of postings
    assert len(statements) == 4, statements
