"""Finding jobs in the list: `q`, repeatable `stage`, `active`, combined, over keyset pages."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.conftest import add_event, make_job
from tests.integration.test_query_counts import count_statements


def listed(client: TestClient, headers: dict[str, str], **params: Any) -> list[str]:
    """Every company the list returns for these filters, walking all pages (3 a page)."""
    companies: list[str] = []
    cursor = None
    while True:
        query = {"limit": 3, **params} | ({"cursor": cursor} if cursor else {})
        response = client.get("/api/tracked", params=query, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        companies += [item["company"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return companies


def job_at(
    client: TestClient, headers: dict[str, str], company: str, *types: str, **fields: Any
) -> dict[str, Any]:
    job = make_job(client, headers, company=company, **fields)
    for event_type in types:
        add_event(client, headers, job["id"], event_type)
    return job


@pytest.fixture
def jobs(client: TestClient, alice: dict[str, str], bob: dict[str, str]) -> None:
    # Created in this order, so the list (newest update first) shows them reversed.
    job_at(client, alice, "Acme Corp", "applied")
    job_at(client, alice, "Globex", "applied", "screening", title="Acme tooling engineer")
    job_at(client, alice, "ACME Labs", "applied", "rejected")
    job_at(client, alice, "Initech", "applied", "offer", "accepted")
    job_at(client, alice, "100% Remote_Co", "applied", "offer")
    job_at(client, alice, "Back\\slash Inc")
    job_at(client, alice, "Umbrella", "applied", "interview")
    job_at(client, alice, "Hooli", "applied", "withdrawn")
    job_at(client, bob, "Acme Corp (Bob's)", "applied")


def test_q_matches_company_or_title_case_insensitively(
    client: TestClient, alice: dict[str, str], jobs: None
) -> None:
    assert listed(client, alice, q="acme") == ["ACME Labs", "Globex", "Acme Corp"]
    assert listed(client, alice, q="  ACME  ") == ["ACME Labs", "Globex", "Acme Corp"]
    assert listed(client, alice, q="TOOLING") == ["Globex"]


def test_q_matches_wildcard_characters_literally(
    client: TestClient, alice: dict[str, str], jobs: None
) -> None:
    assert listed(client, alice, q="%") == ["100% Remote_Co"]
    assert listed(client, alice, q="e_c") == ["100% Remote_Co"]
    assert listed(client, alice, q="_") == ["100% Remote_Co"]
    assert listed(client, alice, q="k\\s") == ["Back\\slash Inc"]
    assert listed(client, alice, q="a%e") == []


def test_blank_q_is_no_filter(client: TestClient, alice: dict[str, str], jobs: None) -> None:
    assert len(listed(client, alice, q="   ")) == 8
    assert len(listed(client, alice, q="")) == 8


def test_q_is_limited_to_100_characters_after_trimming(
    client: TestClient, alice: dict[str, str], jobs: None
) -> None:
    padded = "  " + "a" * 100 + "  "
    assert client.get("/api/tracked", params={"q": padded}, headers=alice).status_code == 200
    response = client.get("/api/tracked", params={"q": "a" * 101}, headers=alice)
    assert response.status_code == 422
    assert "q" in response.text
    assert "100" in response.text


def test_stage_repeats_and_means_any_of_them(
    client: TestClient, alice: dict[str, str], jobs: None
) -> None:
    assert listed(client, alice, stage="offer") == ["100% Remote_Co"]
    assert listed(client, alice, stage=["applied", "screening"]) == ["Globex", "Acme Corp"]
    assert listed(client, alice, stage="saved") == ["Back\\slash Inc"]


def test_an_unknown_stage_is_422_naming_it(
    client: TestClient, alice: dict[str, str], jobs: None
) -> None:
    response = client.get("/api/tracked", params={"stage": ["applied", "hired"]}, headers=alice)
    assert response.status_code == 422
    assert "stage" in response.text


def test_active_leaves_out_accepted_declined_rejected_and_withdrawn(
    client: TestClient, alice: dict[str, str], jobs: None
) -> None:
    assert listed(client, alice, active="true") == [
        "Umbrella",
        "Back\\slash Inc",
        "100% Remote_Co",
        "Globex",
        "Acme Corp",
    ]
    assert len(listed(client, alice, active="false")) == 8
    assert listed(client, alice, stage="withdrawn") == ["Hooli"]


def test_filters_combine(client: TestClient, alice: dict[str, str], jobs: None) -> None:
    assert listed(client, alice, q="acme", active="true") == ["Globex", "Acme Corp"]
    assert listed(client, alice, q="acme", stage=["rejected", "applied"]) == [
        "ACME Labs",
        "Acme Corp",
    ]
    assert listed(client, alice, q="acme", stage="rejected", active="true") == []


def test_another_users_jobs_never_match(
    client: TestClient, bob: dict[str, str], alice: dict[str, str], jobs: None
) -> None:
    assert listed(client, bob, q="acme") == ["Acme Corp (Bob's)"]
    assert "Acme Corp (Bob's)" not in listed(client, alice, q="bob")


def test_a_search_reaches_jobs_beyond_the_first_page(
    client: TestClient, alice: dict[str, str]
) -> None:
    for i in range(12):
        make_job(client, alice, company=f"Filler {i}")
    make_job(client, alice, company="Needle")  # newest: first page
    for i in range(12, 20):
        make_job(client, alice, company=f"Filler {i}")
    first = make_job(client, alice, company="Haystack needle")
    assert first["company"] == "Haystack needle"
    assert listed(client, alice, q="needle") == ["Haystack needle", "Needle"]


def test_filtered_pages_are_two_statements(
    client: TestClient, alice: dict[str, str], engine: Engine, jobs: None
) -> None:
    with count_statements(engine) as statements:
        response = client.get(
            "/api/tracked",
            params={"q": "a", "stage": ["applied", "offer"], "active": "true", "limit": 1},
            headers=alice,
        )
    assert response.status_code == 200
    assert response.json()["next_cursor"] is not None
    assert len(statements) == 2, statements


def _cursor(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "value",
    [
        ["2026-01-01T00:00:00+00:00", True],
        ["2026-01-01T00:00:00+00:00", 0],
        ["2026-01-01T00:00:00+00:00", 2**31],
        ["0001-01-01T00:00:00+05:00", 1],
        ["9999-12-31T23:59:59-05:00", 1],
        ["2026-01-01T00:00:00", 1],
        ["2026-01-01T00:00:00+00:00"],
        {"a": 1},
    ],
)
def test_a_tampered_cursor_is_422_never_500(
    client: TestClient, alice: dict[str, str], value: Any
) -> None:
    response = client.get("/api/tracked", params={"cursor": _cursor(value)}, headers=alice)
    assert response.status_code == 422, response.text
    assert "cursor" in response.text
