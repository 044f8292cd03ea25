"""A job's priority and tags: set on create and patch, read everywhere a job is, filtered on,
counted by GET /api/tags, and carried by the export and the import."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.conftest import add_event, make_job
from tests.integration.test_query_counts import count_statements


def patch(client: TestClient, headers: dict[str, str], job_id: int, body: dict[str, Any]) -> Any:
    return client.patch(f"/api/tracked/{job_id}", json=body, headers=headers)


def listed(client: TestClient, headers: dict[str, str], **params: Any) -> list[str]:
    response = client.get("/api/tracked", params={"limit": 500, **params}, headers=headers)
    assert response.status_code == 200, response.text
    return [item["company"] for item in response.json()["items"]]


# ---- create, read, patch ----------------------------------------------------------------


def test_a_new_job_has_no_priority_and_no_tags(client: TestClient, alice: dict[str, str]) -> None:
    job = make_job(client, alice)
    assert (job["priority"], job["tags"]) == (0, [])
    listed_job = client.get("/api/tracked", headers=alice).json()["items"][0]
    assert (listed_job["priority"], listed_job["tags"]) == (0, [])


def test_create_keeps_priority_and_trimmed_tags_in_the_order_given(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice, priority=3, tags=["  remote ", "Dream job", "fintech"])
    assert (job["priority"], job["tags"]) == (3, ["remote", "Dream job", "fintech"])
    read = client.get(f"/api/tracked/{job['id']}", headers=alice).json()
    assert (read["priority"], read["tags"]) == (3, ["remote", "Dream job", "fintech"])
    item = client.get("/api/tracked", headers=alice).json()["items"][0]
    assert (item["priority"], item["tags"]) == (3, ["remote", "Dream job", "fintech"])


def test_patch_sets_priority_and_replaces_tags_whole(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice, tags=["a", "b"], notes={"salary": "1"})
    response = patch(client, alice, job["id"], {"priority": 2})
    assert response.status_code == 200, response.text
    assert (response.json()["priority"], response.json()["tags"]) == (2, ["a", "b"])
    response = patch(client, alice, job["id"], {"tags": ["c", "A"]})
    assert (response.json()["priority"], response.json()["tags"]) == (2, ["c", "A"])
    assert response.json()["notes"]["salary"] == "1"  # untouched
    response = patch(client, alice, job["id"], {"tags": [], "priority": 0})
    assert (response.json()["priority"], response.json()["tags"]) == (0, [])
    assert response.json()["updated_at"] > job["updated_at"]


@pytest.mark.parametrize(
    ("body", "loc", "message"),
    [
        ({"priority": 4}, ["body", "priority"], "priority: "),
        ({"priority": -1}, ["body", "priority"], "priority: "),
        ({"priority": True}, ["body", "priority"], "priority: "),
        ({"priority": "2"}, ["body", "priority"], "priority: "),
        ({"priority": 1.5}, ["body", "priority"], "priority: "),
        ({"tags": "remote"}, ["body", "tags"], "tags: "),
        ({"tags": ["ok", "   "]}, ["body", "tags", 1], "tags[1]: "),
        ({"tags": ["ok", "x" * 41]}, ["body", "tags", 1], "tags[1]: "),
        ({"tags": ["ok", 5]}, ["body", "tags", 1], "tags[1]: "),
        ({"tags": [f"t{i}" for i in range(21)]}, ["body", "tags"], "tags: "),
        ({"tags": ["Remote", "x", "remote"]}, ["body", "tags", 2], "tags[2]: repeats tags[0]"),
    ],
)
def test_bad_priority_or_tags_are_422_naming_the_field(
    client: TestClient,
    alice: dict[str, str],
    body: dict[str, Any],
    loc: list[Any],
    message: str,
) -> None:
    create = client.post("/api/tracked", json={"company": "A", "title": "B", **body}, headers=alice)
    assert create.status_code == 422, create.text
    assert create.json()["detail"][0]["loc"] == loc
    assert create.json()["message"].startswith(message)
    job = make_job(client, alice)
    update = patch(client, alice, job["id"], body)
    assert update.status_code == 422, update.text
    assert update.json()["detail"][0]["loc"] == loc
    assert update.json()["message"].startswith(message)
    # Nothing written (a list item is the job without its people).
    listed = client.get("/api/tracked", headers=alice).json()["items"]
    assert listed == [
        {k: v for k, v in job.items() if k not in ("contacts", "documents", "posting")}
    ]


def test_a_repeated_tag_is_refused_without_echoing_it(
    client: TestClient, alice: dict[str, str]
) -> None:
    response = client.post(
        "/api/tracked",
        json={"company": "A", "title": "B", "tags": ["Secret-Thing", "secret-thing"]},
        headers=alice,
    )
    assert response.status_code == 422
    assert "secret" not in response.text.lower()


def test_tags_of_40_characters_after_trimming_and_20_tags_are_accepted(
    client: TestClient, alice: dict[str, str]
) -> None:
    tags = [f"  {i:02d}{'x' * 38}  " for i in range(20)]
    job = make_job(client, alice, tags=tags)
    assert job["tags"] == [tag.strip() for tag in tags]


def test_null_priority_or_tags_on_patch_is_422(client: TestClient, alice: dict[str, str]) -> None:
    job = make_job(client, alice, priority=1, tags=["a"])
    for body in ({"priority": None}, {"tags": None}):
        response = patch(client, alice, job["id"], body)
        assert response.status_code == 422, response.text
        assert "cannot be null" in response.json()["message"]


def test_a_bad_tag_beside_a_good_change_writes_nothing(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice, tags=["a"])
    response = patch(client, alice, job["id"], {"company": "Changed", "tags": ["b", "B"]})
    assert response.status_code == 422
    assert client.get(f"/api/tracked/{job['id']}", headers=alice).json() == job


@pytest.mark.parametrize("ending", ["rejected", "withdrawn"])
def test_a_locked_job_refuses_priority_and_tags_with_409(
    client: TestClient, alice: dict[str, str], ending: str
) -> None:
    job = make_job(client, alice, priority=1, tags=["a"])
    add_event(client, alice, job["id"], "applied")
    locked = add_event(client, alice, job["id"], ending)
    for body in ({"priority": 3}, {"tags": ["b"]}):
        response = patch(client, alice, job["id"], body)
        assert response.status_code == 409, response.text
    assert client.get(f"/api/tracked/{job['id']}", headers=alice).json() == locked


def test_another_users_job_is_404(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    job = make_job(client, alice, tags=["a"])
    response = patch(client, bob, job["id"], {"priority": 3, "tags": ["mine"]})
    assert response.status_code == 404
    assert client.get(f"/api/tracked/{job['id']}", headers=alice).json() == job


def test_writes_keep_their_statement_counts(
    client: TestClient, alice: dict[str, str], engine: Engine
) -> None:
    with count_statements(engine) as statements:
        job = make_job(client, alice, priority=2, tags=["a", "b"])
    assert len(statements) == 2, statements
    with count_statements(engine) as statements:
        response = patch(client, alice, job["id"], {"priority": 3, "tags": ["c"]})
    assert response.status_code == 200
    assert len(statements) <= 2, statements


# ---- the list's filters ------------------------------------------------------------------


@pytest.fixture
def tagged(client: TestClient, alice: dict[str, str], bob: dict[str, str]) -> None:
    # Created in this order, so the list (newest update first) shows them reversed.
    make_job(client, alice, company="Acme", priority=3, tags=["Remote", "Fintech"])
    make_job(client, alice, company="Globex", priority=1, tags=["remote"])
    job = make_job(client, alice, company="Initech", priority=2, tags=["fintech", "REMOTE"])
    add_event(client, alice, job["id"], "applied")
    make_job(client, alice, company="Hooli")
    make_job(client, bob, company="Bob's", priority=3, tags=["remote", "fintech"])


def test_tag_filter_matches_ignoring_case(
    client: TestClient, alice: dict[str, str], tagged: None
) -> None:
    assert listed(client, alice, tag="REMOTE") == ["Initech", "Globex", "Acme"]
    assert listed(client, alice, tag=" fintech ") == ["Initech", "Acme"]
    assert listed(client, alice, tag="nothing") == []


def test_repeated_tags_mean_all_of_them(
    client: TestClient, alice: dict[str, str], tagged: None
) -> None:
    assert listed(client, alice, tag=["remote", "FINTECH"]) == ["Initech", "Acme"]
    assert listed(client, alice, tag=["remote", "Remote"]) == ["Initech", "Globex", "Acme"]


def test_priority_min_keeps_jobs_at_or_above_it(
    client: TestClient, alice: dict[str, str], tagged: None
) -> None:
    assert listed(client, alice, priority_min=2) == ["Initech", "Acme"]
    assert listed(client, alice, priority_min=0) == ["Hooli", "Initech", "Globex", "Acme"]


def test_tag_and_priority_filters_combine_with_the_others(
    client: TestClient, alice: dict[str, str], tagged: None
) -> None:
    assert listed(client, alice, tag="remote", priority_min=2) == ["Initech", "Acme"]
    assert listed(client, alice, tag="remote", stage="applied") == ["Initech"]
    assert listed(client, alice, tag="fintech", q="acm") == ["Acme"]
    assert listed(client, alice, tag="fintech", priority_min=3, active="true") == ["Acme"]


def test_filtered_pages_by_tag_are_two_statements_and_walk_every_page(
    client: TestClient, alice: dict[str, str], engine: Engine, tagged: None
) -> None:
    with count_statements(engine) as statements:
        response = client.get(
            "/api/tracked",
            params={"tag": ["remote", "fintech"], "priority_min": 1, "q": "i", "limit": 1},
            headers=alice,
        )
    assert response.status_code == 200
    assert [item["company"] for item in response.json()["items"]] == ["Initech"]
    assert len(statements) == 2, statements
    cursor = response.json()["next_cursor"]
    response = client.get(
        "/api/tracked",
        params={"tag": ["remote", "fintech"], "limit": 1, "cursor": cursor},
        headers=alice,
    )
    assert [item["company"] for item in response.json()["items"]] == ["Acme"]


@pytest.mark.parametrize(
    ("params", "loc"),
    [
        ({"tag": "  "}, ["query", "tag", 0]),
        ({"tag": ["ok", "x" * 41]}, ["query", "tag", 1]),
        ({"tag": [f"t{i}" for i in range(21)]}, ["query", "tag"]),
        ({"priority_min": 4}, ["query", "priority_min"]),
        ({"priority_min": -1}, ["query", "priority_min"]),
        ({"priority_min": "high"}, ["query", "priority_min"]),
    ],
)
def test_bad_tag_or_priority_min_is_422_naming_it(
    client: TestClient, alice: dict[str, str], params: dict[str, Any], loc: list[Any]
) -> None:
    response = client.get("/api/tracked", params=params, headers=alice)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == loc


# ---- GET /api/tags -----------------------------------------------------------------------


def test_tags_are_counted_most_used_first_then_by_tag(
    client: TestClient, alice: dict[str, str], tagged: None, engine: Engine
) -> None:
    make_job(client, alice, company="Zeta", tags=["berlin", "Apple"])
    with count_statements(engine) as statements:
        response = client.get("/api/tags", headers=alice)
    assert response.status_code == 200
    assert len(statements) == 1, statements
    # "remote" on three jobs, spelled "REMOTE" by the most recently updated of them.
    assert response.json() == {
        "items": [
            {"tag": "REMOTE", "jobs": 3},
            {"tag": "fintech", "jobs": 2},
            {"tag": "Apple", "jobs": 1},
            {"tag": "berlin", "jobs": 1},
        ]
    }


def test_tags_follow_the_latest_spelling_and_forget_unused_tags(
    client: TestClient, alice: dict[str, str], tagged: None
) -> None:
    acme = next(
        job
        for job in client.get("/api/tracked", headers=alice).json()["items"]
        if job["company"] == "Acme"
    )
    patch(client, alice, acme["id"], {"tags": ["Remote"]})  # Fintech removed; updated last
    items = client.get("/api/tags", headers=alice).json()["items"]
    assert items == [{"tag": "Remote", "jobs": 3}, {"tag": "fintech", "jobs": 1}]


def test_tags_of_a_new_account_are_empty_and_need_a_token(
    client: TestClient, bob: dict[str, str]
) -> None:
    assert client.get("/api/tags", headers=bob).json() == {"items": []}
    assert client.get("/api/tags").status_code == 401


# ---- export and import -------------------------------------------------------------------


def test_export_and_import_carry_priority_and_tags(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    make_job(client, alice, company="Acme", priority=2, tags=["Remote", "fintech"])
    make_job(client, alice, company="Plain")
    exported = client.get("/api/export", headers=alice).json()
    assert [(j["priority"], j["tags"]) for j in exported["jobs"]] == [
        (2, ["Remote", "fintech"]),
        (0, []),
    ]
    response = client.post("/api/import", json=exported, headers=bob)
    assert response.status_code == 201, response.text
    assert client.get("/api/export", headers=bob).json()["jobs"] == exported["jobs"]


def test_an_import_without_priority_or_tags_takes_the_defaults(
    client: TestClient, alice: dict[str, str]
) -> None:
    document = {"format": "track-export", "version": 1, "jobs": [{"company": "A", "title": "B"}]}
    assert client.post("/api/import", json=document, headers=alice).status_code == 201
    job = client.get("/api/tracked", headers=alice).json()["items"][0]
    assert (job["priority"], job["tags"]) == (0, [])


def test_an_import_names_a_bad_tag_by_its_path_and_writes_nothing(
    client: TestClient, alice: dict[str, str]
) -> None:
    document = {
        "format": "track-export",
        "version": 1,
        "jobs": [
            {"company": "A", "title": "B", "tags": ["x"]},
            {"company": "C", "title": "D", "priority": 1, "tags": ["x", "X"]},
        ],
    }
    response = client.post("/api/import", json=document, headers=alice)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", "jobs", 1, "tags", 1]
    assert response.json()["message"].startswith("jobs[1].tags[1]: repeats tags[0]")
    assert client.get("/api/tracked", headers=alice).json()["items"] == []


def test_csv_ends_with_priority_and_tags_joined_and_guarded(
    client: TestClient, alice: dict[str, str]
) -> None:
    make_job(client, alice, company="Acme", priority=3, tags=["Remote", "fin; tech"])
    make_job(client, alice, company="Formula", tags=["=HYPERLINK(1)", "ok"])
    make_job(client, alice, company="Plain")
    text = client.get("/api/export", params={"format": "csv"}, headers=alice).text
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header[-2:] == ["priority", "tags"]
    assert [row[-2:] for row in rows] == [
        ["3", "Remote; fin; tech"],
        ["0", "'=HYPERLINK(1); ok"],
        ["0", ""],
    ]


def test_tag_filter_ignores_case_beyond_ascii(client: TestClient, alice: dict[str, str]) -> None:
    make_job(client, alice, company="Zurich", tags=["ZÜRICH"])
    assert listed(client, alice, tag="zürich") == ["Zurich"]
    assert client.get("/api/tags", headers=alice).json()["items"] == [{"tag": "ZÜRICH", "jobs": 1}]
