"""`GET /api/export` (JSON and CSV) and `POST /api/import`: round trip, all or nothing, limits."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, text

from jobtrack.portability.schemas import CSV_COLUMNS, ExportDocument
from jobtrack.tracking.notes import NOTE_MODELS, JobNotesRead
from jobtrack.tracking.stages import EventType
from tests.conftest import add_event, make_job
from tests.integration.test_query_counts import count_statements


def export(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get("/api/export", headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def import_(
    client: TestClient,
    headers: dict[str, str],
    document: Any,
    *,
    expect: int = 201,
    **params: Any,
) -> dict[str, Any]:
    response = client.post("/api/import", json=document, params=params, headers=headers)
    assert response.status_code == expect, response.text
    return dict(response.json())


def document(*jobs: dict[str, Any]) -> dict[str, Any]:
    return {"format": "track-export", "version": 1, "jobs": list(jobs)}


def job(company: str = "Acme", *events: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"company": company, "title": "Engineer", "events": list(events), **fields}


def ev(event_type: str, day: str = "2026-01-10", **fields: Any) -> dict[str, Any]:
    return {"event_type": event_type, "event_date": day, **fields}


def companies(client: TestClient, headers: dict[str, str]) -> list[str]:
    items = client.get("/api/tracked", params={"limit": 500}, headers=headers).json()["items"]
    return sorted(item["company"] for item in items)


@pytest.fixture
def history(client: TestClient, alice: dict[str, str], connection: Connection) -> list[int]:
    """Alice's varied jobs: every note kind, times, locations, rounds with a gap, a rejection,
    a decision, a job with no events, and one whose resume filename is set."""
    first = make_job(
        client,
        alice,
        company="Acme",
        title="Backend Engineer",
        job_url="https://jobs.example.com/1",
        notes={"salary": "150k", "location": "Remote", "general_note": "Met them at a meetup."},
    )
    add_event(
        client,
        alice,
        first["id"],
        "applied",
        event_date="2026-01-02",
        note={"type": "referral", "referrer_name": "Sam", "referrer_content": "Sent my CV"},
    )
    add_event(
        client,
        alice,
        first["id"],
        "screening",
        event_date="2026-01-05",
        event_time="09:15",
        location="Phone",
        note={"type": "phone", "with_person": "Ann"},
    )
    add_event(
        client,
        alice,
        first["id"],
        "interview",
        event_date="2026-01-09",
        event_time="14:30",
        location="Zoom",
        note={"round": 1, "interviewers": "Kim"},
    )
    add_event(
        client,
        alice,
        first["id"],
        "interview",
        event_date="2026-01-12",
        note={"round": 3, "type": "onsite"},
    )
    add_event(
        client,
        alice,
        first["id"],
        "reference",
        event_date="2026-01-14",
        note={"contacts_provided": "Two managers"},
    )
    add_event(
        client,
        alice,
        first["id"],
        "offer",
        event_date="2026-01-20",
        note={"amount": "155k", "deadline": "2026-02-01"},
    )
    add_event(
        client,
        alice,
        first["id"],
        "accepted",
        event_date="2026-01-22",
        note={"start_date": "2026-03-01", "note": "Signed"},
    )
    second = make_job(client, alice, company="Globex", title="SRE")
    add_event(client, alice, second["id"], "applied", event_date="2026-01-03")
    add_event(client, alice, second["id"], "interview", event_date="2026-01-08")
    add_event(
        client,
        alice,
        second["id"],
        "rejected",
        event_date="2026-01-11",
        note={"reason": "Went with someone else"},
    )
    third = make_job(client, alice, company="Initech", title="Data Engineer")
    fourth = make_job(client, alice, company="Umbrella", title="Platform Engineer")
    add_event(client, alice, fourth["id"], "offer", event_date="2026-01-25")
    add_event(
        client, alice, fourth["id"], "declined", event_date="2026-01-26", note={"reason": "Too far"}
    )
    connection.execute(
        text(
            "UPDATE job_tracking SET resume_key = 'resumes/alice/secret-key.pdf', "
            'notes = notes || \'{"resume_filename": "cv.pdf"}\' WHERE id = :id'
        ),
        {"id": third["id"]},
    )
    return [first["id"], second["id"], third["id"], fourth["id"]]


# ---- export -------------------------------------------------------------------------------


def test_export_is_a_download_of_every_job_oldest_first(
    client: TestClient, alice: dict[str, str], history: list[int]
) -> None:
    response = client.get("/api/export", headers=alice)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert response.headers["content-disposition"] == (
        f'attachment; filename="track-export-{today}.json"'
    )
    body = response.json()
    ExportDocument.model_validate(body)  # the documented shape
    assert (body["format"], body["version"]) == ("track-export", 1)
    assert body["exported_at"].startswith(today)
    assert [j["company"] for j in body["jobs"]] == ["Acme", "Globex", "Initech", "Umbrella"]
    acme = body["jobs"][0]
    assert set(acme) == {
        "company", "title", "job_url", "notes", "priority", "tags", "created_at", "events",
        "contacts", "posting",
    }  # fmt: skip
    assert acme["contacts"] == []
    assert acme["posting"] is None
    assert acme["notes"] == {
        **JobNotesRead().model_dump(mode="json"),  # every field, at its default unless set
        "salary": "150k",
        "location": "Remote",
        "general_note": "Met them at a meetup.",
        "resume_filename": None,
    }
    assert [e["event_type"] for e in acme["events"]] == [
        "applied",
        "screening",
        "interview",
        "interview",
        "reference",
        "offer",
        "accepted",
    ]
    assert acme["events"][1] == {
        "event_type": "screening",
        "event_date": "2026-01-05",
        "event_time": "09:15",
        "location": "Phone",
        "note": {
            **NOTE_MODELS[EventType.screening]().model_dump(mode="json"),
            "type": "phone",
            "with_person": "Ann",
        },
        "inferred": False,
    }
    assert [e["note"]["round"] for e in acme["events"][2:4]] == [1, 3]
    assert body["jobs"][2]["events"] == []
    assert body["jobs"][2]["notes"]["resume_filename"] == "cv.pdf"


def test_export_holds_no_ids_keys_or_user_ids(
    client: TestClient, alice: dict[str, str], history: list[int]
) -> None:
    raw = client.get("/api/export", headers=alice).text
    assert "secret-key" not in raw
    assert "alice" not in raw
    for name in ('"id"', '"job_id"', '"user_id"', '"resume_key"', '"has_resume"'):
        assert name not in raw


def test_other_users_jobs_are_never_exported(
    client: TestClient, alice: dict[str, str], bob: dict[str, str], history: list[int]
) -> None:
    make_job(client, bob, company="Bob's only job")
    assert [j["company"] for j in export(client, bob)["jobs"]] == ["Bob's only job"]
    assert "Bob's only job" not in client.get("/api/export", headers=alice).text
    assert "Bob's only job" not in client.get("/api/export?format=csv", headers=alice).text


def test_bad_stored_notes_export_with_defaults(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    made = make_job(client, alice)
    add_event(client, alice, made["id"], "interview")
    connection.execute(text("UPDATE job_tracking SET notes = '\"text\"'::jsonb"))
    connection.execute(text('UPDATE tracking_events SET note = \'{"round": "two"}\'::jsonb'))
    [exported] = export(client, alice)["jobs"]
    assert exported["notes"]["salary"] is None
    assert exported["events"][0]["note"]["round"] is None
    csv_response = client.get("/api/export", params={"format": "csv"}, headers=alice)
    assert csv_response.status_code == 200


def test_csv_has_the_columns_and_first_dates(
    client: TestClient, alice: dict[str, str], history: list[int]
) -> None:
    response = client.get("/api/export", params={"format": "csv"}, headers=alice)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert response.headers["content-disposition"] == (
        f'attachment; filename="track-export-{today}.csv"'
    )
    assert response.text.endswith("\r\n")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert tuple(csv.reader(io.StringIO(response.text)).__next__()) == CSV_COLUMNS
    assert CSV_COLUMNS == (
        "company",
        "title",
        "job_url",
        "stage",
        "salary",
        "location",
        "general_note",
        "applied_date",
        "screening_date",
        "interview_date",
        "interview_rounds",
        "reference_date",
        "offer_date",
        "accepted_date",
        "declined_date",
        "rejected_date",
        "withdrawn_date",
        "created_at",
        "updated_at",
        "priority",
        "tags",
    )
    acme, globex, initech, umbrella = rows
    assert acme["stage"] == "accepted"
    assert (acme["salary"], acme["location"]) == ("150k", "Remote")
    # first date of each type; two interviews (01-09 and 01-12) give the first and a count
    assert (acme["interview_date"], acme["interview_rounds"]) == ("2026-01-09", "2")
    assert (acme["applied_date"], acme["accepted_date"], acme["rejected_date"]) == (
        "2026-01-02",
        "2026-01-22",
        "",
    )
    assert (globex["stage"], globex["rejected_date"]) == ("rejected", "2026-01-11")
    assert (initech["applied_date"], initech["interview_rounds"]) == ("", "0")
    assert (umbrella["offer_date"], umbrella["declined_date"]) == ("2026-01-25", "2026-01-26")
    assert acme["created_at"].endswith("Z")
    assert dt.datetime.fromisoformat(acme["updated_at"]) >= dt.datetime.fromisoformat(
        acme["created_at"]
    )


def test_csv_leaves_an_inferred_steps_date_empty(client: TestClient, alice: dict[str, str]) -> None:
    """A sheet's "Interviewing" imports as applied, then an inferred interview: the CSV must
    not show the interview's placeholder date as if it were known."""
    import_(
        client,
        alice,
        document(
            job(
                "Acme",
                ev("applied", "2026-01-05"),
                ev("interview", "2026-01-05", inferred=True),
            )
        ),
    )
    response = client.get("/api/export", params={"format": "csv"}, headers=alice)
    (row,) = csv.DictReader(io.StringIO(response.text))
    assert (row["stage"], row["applied_date"]) == ("interview", "2026-01-05")
    assert (row["interview_date"], row["interview_rounds"]) == ("", "1")


def test_csv_cells_that_a_spreadsheet_would_run_start_with_an_apostrophe(
    client: TestClient, alice: dict[str, str]
) -> None:
    make_job(
        client,
        alice,
        company='=HYPERLINK("http://evil.example","x")',
        title="+1 Engineer",
        notes={"salary": "-5k", "location": "\tTabbed", "general_note": "@SUM(A1)"},
    )
    make_job(
        client,
        alice,
        company="Plain, with comma",
        title='Quote "q"',
        notes={"general_note": "line one\r\nline two", "salary": "1=1"},
    )
    text_ = client.get("/api/export", params={"format": "csv"}, headers=alice).text
    evil, plain = csv.DictReader(io.StringIO(text_))
    assert evil["company"] == '\'=HYPERLINK("http://evil.example","x")'
    assert evil["title"] == "'+1 Engineer"
    assert evil["salary"] == "'-5k"
    assert evil["location"] == "'\tTabbed"
    assert evil["general_note"] == "'@SUM(A1)"
    # Only the first character matters; commas, quotes and line breaks are quoted, not altered.
    assert plain["company"] == "Plain, with comma"
    assert plain["title"] == 'Quote "q"'
    assert plain["general_note"] == "line one\r\nline two"
    assert plain["salary"] == "1=1"


@pytest.mark.parametrize("jobs", [1, 30])
@pytest.mark.parametrize("format_", ["json", "csv"])
def test_export_is_a_few_statements_whatever_the_size(
    client: TestClient, alice: dict[str, str], engine: Engine, jobs: int, format_: str
) -> None:
    for i in range(jobs):
        made = make_job(client, alice, company=f"C{i}")
        add_event(client, alice, made["id"], "applied")
        add_event(client, alice, made["id"], "interview")
    with count_statements(engine) as statements:
        response = client.get("/api/export", params={"format": format_}, headers=alice)
    assert response.status_code == 200
    # The jobs with their events (for the CSV, their first dates and interview counts), and
    # (JSON only) the contacts and the jobs' people.
    assert len(statements) == (3 if format_ == "json" else 1), statements


def test_unknown_format_is_422(client: TestClient, alice: dict[str, str]) -> None:
    response = client.get("/api/export", params={"format": "xlsx"}, headers=alice)
    assert response.status_code == 422
    assert response.json()["message"].startswith("format:")


# ---- round trip ---------------------------------------------------------------------------


def test_export_import_export_gives_the_same_jobs(
    client: TestClient, alice: dict[str, str], bob: dict[str, str], history: list[int]
) -> None:
    before = export(client, alice)
    result = import_(client, bob, before)
    assert (result["created"], result["skipped_duplicates"]) == (4, 0)
    after = export(client, bob)
    # The resume file is not in the export, so its name is dropped on import; all else equal.
    for exported in before["jobs"]:
        exported["notes"]["resume_filename"] = None
    assert after["jobs"] == before["jobs"]
    # The new jobs are Bob's own, with the imported stages and no resume.
    bobs = {j["company"]: j for j in client.get("/api/tracked", headers=bob).json()["items"]}
    assert {name: j["stage"] for name, j in bobs.items()} == {
        "Acme": "accepted",
        "Globex": "rejected",
        "Initech": "saved",
        "Umbrella": "declined",
    }
    assert not any(j["has_resume"] for j in bobs.values())
    assert sorted(result["job_ids"]) == sorted(j["id"] for j in bobs.values())
    assert result["job_ids"] == sorted(result["job_ids"])  # document order


def test_a_withdrawn_job_goes_out_and_comes_back_withdrawn(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    note = {"reason": "Took another offer", "note": "told the recruiter"}
    result = import_(
        client,
        alice,
        document(
            job("Hooli", ev("applied", "2026-01-02"), ev("withdrawn", "2026-01-09", note=note))
        ),
    )
    assert result["created"] == 1
    exported = export(client, alice)
    assert exported["jobs"][0]["events"][-1] == {
        "event_type": "withdrawn",
        "event_date": "2026-01-09",
        "event_time": None,
        "location": None,
        "note": note,
        "inferred": False,
    }
    import_(client, bob, exported)
    bobs = client.get("/api/tracked", headers=bob).json()["items"]
    assert [(j["company"], j["stage"]) for j in bobs] == [("Hooli", "withdrawn")]
    response = client.get("/api/export", params={"format": "csv"}, headers=alice)
    (row,) = csv.DictReader(io.StringIO(response.text))
    assert (row["stage"], row["applied_date"], row["withdrawn_date"]) == (
        "withdrawn",
        "2026-01-02",
        "2026-01-09",
    )


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([ev("withdrawn")], "jobs[0].events[0].event_type: Record the application before"),
        (
            [ev("applied"), ev("withdrawn"), ev("interview")],
            "jobs[0].events[2].event_type: This job is withdrawn; delete the withdrawal event",
        ),
    ],
)
def test_an_import_refuses_a_withdrawal_the_api_would_refuse(
    client: TestClient, alice: dict[str, str], events: list[dict[str, Any]], message: str
) -> None:
    body = import_(client, alice, document(job("X", *events)), expect=422)
    assert message in str(body)
    assert companies(client, alice) == []


def test_importing_into_the_same_account_skips_everything(
    client: TestClient, alice: dict[str, str], history: list[int]
) -> None:
    result = import_(client, alice, export(client, alice))
    assert result == {
        "created": 0, "skipped_duplicates": 4, "job_ids": [], "contacts_created": 0,
        "possible_duplicates": [],
    }  # fmt: skip


def test_omitted_rounds_are_numbered_as_the_api_numbers_them(
    client: TestClient, alice: dict[str, str]
) -> None:
    import_(
        client,
        alice,
        document(job("R", ev("interview"), ev("interview", note={"round": 5}), ev("interview"))),
    )
    [imported] = export(client, alice)["jobs"]
    assert [e["note"]["round"] for e in imported["events"]] == [1, 5, 6]


def test_a_minimal_document_takes_defaults(client: TestClient, alice: dict[str, str]) -> None:
    result = import_(client, alice, document(job("Minimal"), job("Empty url", job_url="")))
    assert result["created"] == 2
    [first, second] = export(client, alice)["jobs"]
    assert first["notes"] == dict.fromkeys(
        ["salary", "location", "general_note", "resume_filename"]
    )
    assert second["job_url"] is None
    assert import_(client, alice, document())["created"] == 0


# ---- all or nothing -------------------------------------------------------------------------

GOOD = job("Good", ev("applied"), ev("interview"))


@pytest.mark.parametrize(
    ("jobs", "message"),
    [
        # a Pydantic error deep in the third job: the event type's level is not in the path
        (
            [GOOD, GOOD, job("Bad", ev("applied"), ev("interview", note={"round": 0}))],
            "jobs[2].events[1].note.round: Input should be greater than or equal to 1",
        ),
        # the stage rules: nothing may follow an offer but accepted, declined or rejected
        (
            [GOOD, job("Backwards", ev("applied"), ev("offer"), ev("screening"))],
            "jobs[1].events[2].event_type: Cannot add screening after offer",
        ),
        # rejection locks the job
        (
            [job("Locked", ev("rejected"), ev("applied"))],
            "jobs[0].events[1].event_type: This job is rejected",
        ),
        ([job("Early", ev("accepted"))], "jobs[0].events[0].event_type: An offer must be"),
        # the round rules: a round the job already has
        (
            [GOOD, job("Twice", ev("interview", note={"round": 2}),
                       ev("interview", note={"round": 2}))],
            "jobs[1].events[1].note.round: This job already has interview round 2",
        ),
        ([job("X", ev("hired"))], "jobs[0].events[0].event_type: Input tag 'hired'"),
        ([job("X", {"event_date": "2026-01-01"})], "jobs[0].events[0].event_type: Unable to"),
        ([job("X", ev("applied", note={"type": "fax"}))], "jobs[0].events[0].note.type: Input"),
        ([job("X", ev("applied", colour="red"))], "jobs[0].events[0].colour: Extra inputs"),
        ([job("X", ev("applied", "2026-02-30"))], "jobs[0].events[0].event_date: Input"),
        ([job("X", ev("applied", event_time="25:00"))], "jobs[0].events[0].event_time: Input"),
        ([job("X", ev("applied", location="L" * 201))], "jobs[0].events[0].location: String"),
        ([GOOD, job("x" * 201)], "jobs[1].company: String should have at most 200"),
        ([job("   ")], "jobs[0].company: "),
        ([job("X", job_url="ftp://x.example")], "jobs[0].job_url: URL scheme"),
        ([job("X", notes={"salary": "1" * 101})], "jobs[0].notes.salary: String"),
        ([job("X", notes={"mood": "good"})], "jobs[0].notes.mood: Extra inputs"),
        ([job("X", created_at="2026-01-01T10:00:00")], "jobs[0].created_at: Input should have"),
        ([job("X", id=7)], "jobs[0].id: Extra inputs are not permitted"),
    ],
)  # fmt: skip
def test_one_invalid_job_or_event_refuses_the_whole_import_naming_its_path(
    client: TestClient, alice: dict[str, str], jobs: list[dict[str, Any]], message: str
) -> None:
    make_job(client, alice, company="Existing")
    body = import_(client, alice, document(*jobs), expect=422)
    assert body["message"].startswith(message), body["message"]
    assert body["detail"][0]["loc"][0] == "body"
    assert companies(client, alice) == ["Existing"]  # nothing written, not even the good jobs


def test_every_problem_is_listed_and_the_message_names_the_first(
    client: TestClient, alice: dict[str, str]
) -> None:
    body = import_(
        client,
        alice,
        document(job("A", ev("offer"), ev("applied")), GOOD, job("B", ev("declined"))),
        expect=422,
    )
    assert [p["loc"] for p in body["detail"]] == [
        ["body", "jobs", 0, "events", 1, "event_type"],
        ["body", "jobs", 2, "events", 0, "event_type"],
    ]
    assert body["message"].startswith("jobs[0].events[1].event_type: ")


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"format": "track-export", "version": 2, "jobs": []}, "version: Value error, only version 1"),
        ({"format": "track-export", "version": True, "jobs": []}, "version: Value error"),
        ({"format": "other", "version": 1, "jobs": []}, "format: Input should be 'track-export'"),
        ({"format": "track-export", "version": 1}, "jobs: Field required"),
        ({"format": "track-export", "version": 1, "jobs": [], "more": 1}, "more: Extra inputs"),
        ([], "Input should be a valid dictionary"),
    ],
)  # fmt: skip
def test_a_document_that_is_not_an_export_is_422(
    client: TestClient, alice: dict[str, str], doc: Any, message: str
) -> None:
    body = import_(client, alice, doc, expect=422)
    assert body["message"].startswith(message), body["message"]


def test_invalid_json_is_the_apis_usual_422(client: TestClient, alice: dict[str, str]) -> None:
    response = client.post(
        "/api/import",
        content=b'{"format": ',
        headers={**alice, "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "json_invalid"


# ---- dry run, duplicates ------------------------------------------------------------------


def test_a_dry_run_counts_and_writes_nothing(
    client: TestClient, alice: dict[str, str], engine: Engine, connection: Connection
) -> None:
    make_job(client, alice, company="Acme", title="Engineer")
    doc = document(job("Acme"), job("New one", ev("applied")), job("Another"))
    headers = {**alice, "Idempotency-Key": "dry-1"}
    with count_statements(engine) as statements:
        response = client.post("/api/import", json=doc, params={"dry_run": "true"}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "created": 2, "skipped_duplicates": 1, "job_ids": [], "contacts_created": 0,
        "possible_duplicates": [],
    }  # fmt: skip
    assert all(s.lstrip().upper().startswith("SELECT") for s in statements), statements
    assert companies(client, alice) == ["Acme"]
    stored_keys = connection.execute(text("SELECT count(*) FROM idempotency_keys")).scalar()
    assert stored_keys == 0  # a dry run keeps no response for its key either
    # The same document for real creates exactly what the dry run announced.
    assert import_(client, alice, doc)["created"] == 2


def test_a_dry_run_refuses_what_the_import_would_refuse(
    client: TestClient, alice: dict[str, str]
) -> None:
    body = import_(client, alice, document(job("X", ev("declined"))), expect=422, dry_run=True)
    assert body["message"].startswith("jobs[0].events[0].event_type:")


def test_duplicates_are_skipped_trimmed_and_case_insensitive(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    make_job(
        client,
        alice,
        company="Acme",
        title="Backend Engineer",
        job_url="https://jobs.example.com/Acme/1",
    )
    make_job(client, alice, company="Globex", title="SRE")  # no URL
    make_job(client, bob, company="Initech", title="QA")  # Bob's: not a duplicate for Alice
    result = import_(
        client,
        alice,
        document(
            job(" ACME ", title="backend engineer ", job_url="https://JOBS.example.com/acme/1"),
            job("globex", title="sre", job_url=""),  # "" is no URL, like the stored one
            job("Globex", title="SRE", job_url="https://globex.example.com/sre"),  # another URL
            job("Initech", title="QA"),
            job("initech", title="qa"),  # a duplicate of the job just before it
        ),
    )
    assert (result["created"], result["skipped_duplicates"]) == (2, 3)
    assert companies(client, alice) == ["Acme", "Globex", "Globex", "Initech"]


def test_a_dry_run_names_the_jobs_an_import_may_duplicate_and_the_import_still_creates_them(
    client: TestClient, alice: dict[str, str], bob: dict[str, str], engine: Engine
) -> None:
    backend = make_job(
        client,
        alice,
        company="Acme",
        title="Senior Backend Engineer",
        job_url="https://jobs.example.com/acme/1?utm_source=x",
    )
    designer = make_job(client, alice, company="Globex", title="Product Designer")
    make_job(client, bob, company="Initech", title="QA Engineer")  # Bob's: never named to Alice
    doc = document(
        job("acme ", title="Backend Engineer (Senior)"),  # same company, similar title
        job("Other Co", title="Anything", job_url="https://JOBS.example.com/acme/1"),  # same URL
        job("Globex", title="Backend Engineer"),  # same company, another job
        job("Initech", title="QA Engineer"),  # Bob's job only
        job("Acme", title="Sr. Backend Engineer", job_url="https://jobs.example.com/acme/1"),
    )
    with count_statements(engine) as statements:
        result = import_(client, alice, doc, expect=200, dry_run=True)
    ref = {"id": backend["id"], "company": "Acme", "title": "Senior Backend Engineer"}
    found = {"stage": "saved", **ref}
    assert result["possible_duplicates"] == [
        {"index": 0, "jobs": [{**found, "reason": "similar"}]},
        {"index": 1, "jobs": [{**found, "reason": "same_url"}]},
        {"index": 4, "jobs": [{**found, "reason": "same_url"}]},  # listed once, the URL first
    ]
    named = {job["id"] for found in result["possible_duplicates"] for job in found["jobs"]}
    assert designer["id"] not in named
    assert len(statements) <= 3, statements  # the jobs, the similar titles (and no contacts)
    # Never refused: the real import creates all five and answers no list.
    real = import_(client, alice, doc)
    assert (real["created"], real["possible_duplicates"]) == (5, [])


# ---- limits -------------------------------------------------------------------------------


def test_up_to_500_jobs_are_imported_and_501_are_refused(
    client: TestClient, alice: dict[str, str]
) -> None:
    many = [job(f"Company {i}", ev("applied")) for i in range(501)]
    body = import_(client, alice, document(*many), expect=422)
    assert body["message"] == "jobs: List should have at most 500 items after validation, not 501"
    assert companies(client, alice) == []
    assert import_(client, alice, document(*many[:500]))["created"] == 500


def test_the_import_takes_up_to_1_mib_and_413_above(
    client: TestClient, alice: dict[str, str]
) -> None:
    note = "n" * 9_000
    # about 600 KiB: far over the API's usual 64 KiB, within the import's 1 MiB
    doc = document(*(job(f"C{i}", notes={"general_note": note}) for i in range(70)))
    assert 512 * 1024 < len(json.dumps(doc)) < 1024 * 1024
    assert import_(client, alice, doc)["created"] == 70
    big = document(*(job(f"D{i}", notes={"general_note": note}) for i in range(120)))
    assert len(json.dumps(big)) > 1024 * 1024
    response = client.post("/api/import", json=big, headers=alice)
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is larger than 1 MiB."}
    assert len(companies(client, alice)) == 70
    # Every other route keeps the 64 KiB cap.
    other = client.post("/api/contacts", json={"name": "x" * 70_000}, headers=alice)
    assert other.status_code == 413


# ---- idempotency, statements, concurrency -----------------------------------------------------


def test_a_retried_import_with_the_same_key_replays_and_creates_nothing(
    client: TestClient, alice: dict[str, str]
) -> None:
    doc = document(job("Acme", ev("applied")), job("Globex"))
    headers = {**alice, "Idempotency-Key": "import-1"}
    first = client.post("/api/import", json=doc, headers=headers)
    again = client.post("/api/import", json=doc, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()  # not {"created": 0, "skipped_duplicates": 2}
    assert again.headers["idempotent-replayed"] == "true"
    assert companies(client, alice) == ["Acme", "Globex"]
    other = client.post("/api/import", json=document(job("Other")), headers=headers)
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()["message"]


@pytest.mark.parametrize("jobs", [2, 40])
def test_import_is_a_few_statements_whatever_the_size(
    client: TestClient, alice: dict[str, str], engine: Engine, jobs: int
) -> None:
    doc = document(
        *(job(f"C{i}", ev("applied"), ev("interview"), ev("interview")) for i in range(jobs))
    )
    with count_statements(engine) as statements:
        assert import_(client, alice, doc)["created"] == jobs
    # the per-user import lock, the existing jobs, one INSERT of jobs, one of events
    assert len(statements) == 4, statements


def test_concurrent_imports_of_one_file_create_each_job_once(
    live_client: TestClient, alice: dict[str, str]
) -> None:
    doc = document(*(job(f"C{i}", ev("applied")) for i in range(20)))
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(
            pool.map(lambda _: live_client.post("/api/import", json=doc, headers=alice), range(4))
        )
    assert [r.status_code for r in results] == [201] * 4
    assert sorted(r.json()["created"] for r in results) == [0, 0, 0, 20]
    assert len(companies(live_client, alice)) == 20


@pytest.mark.parametrize(
    "body",
    [
        json.dumps({f"k{i}": i for i in range(20_000)}).encode(),  # 20,000 unknown fields
        json.dumps(document(*(job("x" * 300) for _ in range(500)))).encode(),  # 500 bad jobs
        b'{"format": "track-export", "version": 1, "jobs": [' + b"0," * 200_000 + b"0]}",
        b"[" * 10_000 + b"]" * 10_000,
    ],
    ids=["many keys", "every job bad", "huge array", "nested 10,000 deep"],
)
def test_a_hostile_import_is_refused_briefly(
    client: TestClient, alice: dict[str, str], body: bytes
) -> None:
    assert len(body) < 1024 * 1024
    response = client.post(
        "/api/import", content=body, headers={**alice, "Content-Type": "application/json"}
    )
    assert response.status_code == 422, response.text[:500]
    assert len(response.content) < 4_096  # at most 20 problems, never the input itself
    assert companies(client, alice) == []


@pytest.mark.parametrize(
    "field",
    [
        {"jobs": [{"company": "A", "title": "B", "created_at": 0}]},
        {"exported_at": 1_700_000_000, "jobs": []},
    ],
)
def test_a_timestamp_number_is_not_a_date_time(
    client: TestClient, alice: dict[str, str], field: dict[str, Any]
) -> None:
    """The document says a date-time string; a number (read as a Unix time by a lax parser)
    is refused, dry run or not, and nothing is written."""
    document = {"format": "track-export", "version": 1, **field}
    for dry_run in ("true", "false"):
        response = client.post(
            "/api/import", params={"dry_run": dry_run}, json=document, headers=alice
        )
        assert response.status_code == 422, response.text
        assert "ISO 8601" in response.text
    assert client.get("/api/tracked", headers=alice).json()["items"] == []
