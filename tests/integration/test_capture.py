"""`POST /api/capture`: a posting read out of a page, its duplicates, and bad input refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from jobtrack.tracking.duplicates import SIMILAR_TITLE
from tests.conftest import make_job
from tests.integration.test_query_counts import count_statements

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "postings"
MIB = 1024 * 1024


def capture(
    client: TestClient, headers: dict[str, str], url: str, page: str = "", status: int = 200
) -> Any:
    response = client.post("/api/capture", json={"url": url, "html": page}, headers=headers)
    assert response.status_code == status, response.text
    return response.json()


def ld_page(company: str, title: str) -> str:
    posting = {"@type": "JobPosting", "title": title, "hiringOrganization": {"name": company}}
    return f'<script type="application/ld+json">{json.dumps(posting)}</script>'


def test_capture_reads_a_posting_and_writes_nothing(
    client: TestClient, alice: dict[str, str]
) -> None:
    page = (FIXTURES / "ashby.html").read_text()
    body = capture(client, alice, "https://Jobs.Example/nimble/42?utm_source=feed#top", page)
    assert body["duplicates"] == []
    assert body["posting"] == {
        "company": "Nimbleworks",
        "title": "Staff Platform Engineer",
        "job_url": "https://jobs.example/nimble/42",
        "location": "Amsterdam, North Holland, Netherlands",
        "remote": True,
        "employment_type": "FULL_TIME",
        "salary": {"min": 95000.0, "max": 120000.0, "currency": "EUR", "unit": "YEAR"},
        "date_posted": "2026-10-15",
        "valid_through": "2026-12-31",
        "description_html": "<p>Build the platform our teams ship on.</p><p>You will own the "
        "<strong>deploy pipeline</strong>.</p>",
        "description_text": "Build the platform our teams ship on.\n\nYou will own the deploy "
        "pipeline.",
        "source": "json-ld",
    }
    assert client.get("/api/tracked", headers=alice).json()["items"] == []


def test_a_page_with_nothing_is_a_200_with_source_none(
    client: TestClient, alice: dict[str, str]
) -> None:
    posting = capture(client, alice, "https://jobs.example/empty", "")["posting"]
    assert posting["source"] == "none"
    assert posting["title"] is None
    assert posting["job_url"] == "https://jobs.example/empty"


def test_capture_needs_a_token(client: TestClient) -> None:
    response = client.post("/api/capture", json={"url": "https://jobs.example/", "html": ""})
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://jobs.example/x", "html": ""}, "url"),
        ({"url": "javascript:alert(1)", "html": ""}, "url"),
        ({"url": "https://jobs.example/" + "a" * 2000, "html": ""}, "url"),
        ({"url": "not a url", "html": ""}, "url"),
        ({"html": ""}, "url"),
        ({"url": "https://jobs.example/"}, "html"),
        ({"url": "https://jobs.example/\u0000", "html": ""}, "url"),
        ({"url": "https://jobs.example/", "html": "<p>a\u0000b</p>"}, "html"),
        ({"url": "https://jobs.example/", "html": "", "fetch": True}, "fetch"),
    ],
)
def test_capture_rejects_bad_input_naming_the_field(
    client: TestClient, alice: dict[str, str], body: dict[str, str], field: str
) -> None:
    response = client.post("/api/capture", json=body, headers=alice)
    assert response.status_code == 422, response.text
    assert [error["loc"] for error in response.json()["detail"]] == [["body", field]]


def test_a_url_of_2000_characters_is_accepted(client: TestClient, alice: dict[str, str]) -> None:
    url = "https://jobs.example/" + "a" * (2000 - len("https://jobs.example/"))
    capture(client, alice, url)


def test_a_body_over_one_mebibyte_is_413(client: TestClient, alice: dict[str, str]) -> None:
    envelope = json.dumps({"url": "https://jobs.example/", "html": ""}).encode()
    fits = envelope[:-2] + b"x" * (MIB - len(envelope)) + b'"}'
    assert len(fits) == MIB
    headers = {**alice, "Content-Type": "application/json"}
    assert client.post("/api/capture", content=fits, headers=headers).status_code == 200
    over = fits[:-2] + b'x"}'
    assert len(over) == MIB + 1
    response = client.post("/api/capture", content=over, headers=headers)
    assert response.status_code == 413
    assert response.json()["detail"] == "The request body is larger than 1 MiB."


def test_the_same_canonical_url_comes_first_even_when_stored_in_another_form(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    old = make_job(
        client,
        alice,
        company="Lanternfish",
        title="Anything",
        job_url="HTTPS://Boards.Example:443/lanternfish/jobs/77?gh_src=abc&utm_medium=x#apply",
    )
    alike = make_job(client, alice, company=" lanternfish ", title="Designer, Product")
    make_job(client, alice, company="Lanternfish", title="Staff Accountant")
    make_job(client, alice, company="Otherfish", title="Product Designer")
    make_job(client, bob, company="Lanternfish", title="Product Designer",
             job_url="https://boards.example/lanternfish/jobs/77")  # fmt: skip
    body = capture(
        client,
        alice,
        "https://boards.example/lanternfish/jobs/77",
        ld_page("Lanternfish", "Product Designer"),
    )
    assert body["duplicates"] == [
        {"id": old["id"], "company": "Lanternfish", "title": "Anything", "stage": "saved",
         "reason": "same_url"},
        {"id": alike["id"], "company": "lanternfish", "title": "Designer, Product",
         "stage": "saved", "reason": "similar"},
    ]  # fmt: skip


def test_a_linkedin_search_url_matches_the_job_page_it_names(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(
        client, alice, job_url="https://www.linkedin.com/jobs/search/?currentJobId=3141592&trk=x"
    )
    body = capture(client, alice, "https://www.linkedin.com/jobs/view/3141592/?trk=public_jobs")
    assert [(d["id"], d["reason"]) for d in body["duplicates"]] == [(job["id"], "same_url")]


def test_duplicates_are_at_most_five_and_never_another_users(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    for _ in range(3):
        make_job(client, bob, company="Acme", title="Backend Engineer",
                 job_url="https://jobs.example/acme/1")  # fmt: skip
    mine = [
        make_job(client, alice, company="ACME", title="Backend Engineer")["id"] for _ in range(7)
    ]
    body = capture(
        client, alice, "https://jobs.example/acme/1", ld_page("Acme", "Backend Engineer")
    )
    assert len(body["duplicates"]) == 5
    assert {d["id"] for d in body["duplicates"]} <= set(mine)
    assert {d["reason"] for d in body["duplicates"]} == {"similar"}


def test_duplicates_are_one_statement(
    client: TestClient, alice: dict[str, str], engine: Engine
) -> None:
    make_job(client, alice, company="Acme", title="Backend Engineer")
    with count_statements(engine) as statements:
        capture(client, alice, "https://jobs.example/a", ld_page("Acme", "Backend Engineer"))
    assert len([s for s in statements if "similarity" in s]) == 1
    assert len([s for s in statements if "job_tracking" in s]) == 1


@pytest.mark.parametrize(
    ("stored", "captured", "similar"),
    [
        ("Senior Backend Engineer", "Backend Engineer (Senior)", True),
        ("Backend Engineer", "Backend Engineer - Remote", True),
        ("Senior Backend Engineer", "Backend Engineer", True),
        ("Sr. Backend Engineer", "Senior Backend Engineer", True),
        ("Backend Engineer", "Frontend Engineer", False),
        ("Backend Engineer", "Product Designer", False),
        ("Data Engineer", "Data Analyst", False),
        ("Engineering Manager", "Backend Engineer", False),
    ],
)
def test_the_similar_title_threshold_on_pairs_from_the_fixtures(
    client: TestClient, alice: dict[str, str], engine: Engine, stored: str, captured: str,
    similar: bool,
) -> None:  # fmt: skip
    with engine.connect() as connection:
        score = connection.execute(
            text("SELECT similarity(:a, :b)"), {"a": stored, "b": captured}
        ).scalar_one()
    make_job(client, alice, company="Acme", title=stored)
    body = capture(client, alice, "https://jobs.example/new", ld_page("acme ", captured))
    assert bool(body["duplicates"]) is similar, f"similarity {score:.2f} vs {SIMILAR_TITLE}"
