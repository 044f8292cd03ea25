"""Every read stays under Lambda's 6 MB response limit however full the account: list pages end
at a byte budget (and continue through `next_cursor`), the calendar and the feed keep to their
written caps, and an export too large for a response is handed over through S3."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, text

from jobtrack.calendar.dependencies import utc_today
from jobtrack.calendar.schemas import MAX_EVENTS
from jobtrack.documents.keys import owner_prefix
from jobtrack.platform.aws.object_store import ObjectStore, build_client, get_object_store
from jobtrack.platform.settings import Settings
from jobtrack.portability import handover
from jobtrack.portability.schemas import EXPORT_RESPONSE_MAX_BYTES
from jobtrack.tracking import service as tracking_service
from jobtrack.tracking.schemas import PAGE_MAX_BYTES
from tests.conftest import ALICE
from tests.integration.test_resumes import devstack
from tests.quota_fill import fill

LAMBDA_RESPONSE_LIMIT = 6 * 1000 * 1000
TODAY = dt.date(2026, 6, 1)
EXPORT_BUCKET = "jobtrack-exports-test"


def _all_pages(client: TestClient, headers: dict[str, str], query: str) -> list[bytes]:
    bodies: list[bytes] = []
    cursor: str | None = None
    while True:
        params = f"{query}&cursor={cursor}" if cursor else query
        response = client.get(f"/api/tracked?{params}", headers=headers)
        assert response.status_code == 200, response.text
        bodies.append(response.content)
        cursor = response.json()["next_cursor"]
        if cursor is None:
            return bodies


def _job_ids(connection: Connection) -> list[int]:
    return list(
        connection.execute(
            text(
                "SELECT id FROM job_tracking WHERE user_id = :u ORDER BY updated_at DESC, id DESC"
            ),
            {"u": ALICE},
        ).scalars()
    )


def test_list_pages_end_at_the_byte_budget_and_continue_to_every_job_once(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    # 600 jobs x 100 events: about 30 KiB a job, 17 MiB for 600 (500 a page was 14 MiB).
    fill(connection, ALICE, jobs=600, events=100, first_date=TODAY)
    bodies = _all_pages(client, alice, "limit=500")
    assert len(bodies) > 2
    for body in bodies:
        assert len(body) <= PAGE_MAX_BYTES
    pages = [json.loads(body)["items"] for body in bodies]
    assert len(pages[0]) < 500  # ended early at the budget
    # Nearly full: the next job would not have fitted.
    assert len(bodies[0]) > PAGE_MAX_BYTES - 2 * len(json.dumps(pages[0][0]))
    assert [job["id"] for page in pages for job in page] == _job_ids(connection)
    assert all(len(job["events"]) == 100 for page in pages for job in page)


def test_a_page_holds_one_job_larger_than_the_budget_and_continues_after_it(
    client: TestClient,
    alice: dict[str, str],
    connection: Connection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tracking_service, "PAGE_MAX_BYTES", 20_000)
    fill(connection, ALICE, jobs=30, events=3, first_date=TODAY, location_chars=150)
    fill(connection, ALICE, jobs=1, events=100, first_date=TODAY, location_chars=150)
    connection.execute(  # the big one is in the middle of the order
        text(
            "UPDATE job_tracking SET updated_at = TIMESTAMPTZ '2026-01-01 00:00:15.5+00' "
            "WHERE user_id = :u AND id = (SELECT max(id) FROM job_tracking WHERE user_id = :u)"
        ),
        {"u": ALICE},
    )
    for query in ("limit=500", "limit=7", "limit=500&stage=interview"):
        bodies = _all_pages(client, alice, query)
        pages = [json.loads(body)["items"] for body in bodies]
        assert [job["id"] for page in pages for job in page] == _job_ids(connection), query
        big = [page for page in pages if any(len(job["events"]) == 100 for job in page)]
        assert [len(page) for page in big] == [1], query  # alone, over the budget
        for body, page in zip(bodies, pages, strict=True):
            assert len(body) <= 20_000 or len(page) == 1


# ---- the calendar, upcoming and the feed ---------------------------------------------------


def test_the_calendar_reads_the_earliest_events_of_a_full_range_and_says_it_is_truncated(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    # 30 jobs, an event a day each for 100 days: 3,000 events, 30 a day.
    fill(connection, ALICE, jobs=30, events=100, first_date=TODAY)
    last = TODAY + dt.timedelta(days=99)
    response = client.get(f"/api/calendar?from={TODAY}&to={last}", headers=alice)
    assert response.status_code == 200
    assert len(response.content) <= LAMBDA_RESPONSE_LIMIT
    calendar = response.json()
    assert calendar["truncated"] is True
    assert len(calendar["items"]) == MAX_EVENTS
    # The 2,000 earliest: 66 whole days, then 20 of the 67th day's 30 events.
    dates = [dt.date.fromisoformat(item["date"]) for item in calendar["items"]]
    assert dates == sorted(dates)
    assert dates[0] == TODAY
    assert dates[-1] == TODAY + dt.timedelta(days=66)
    assert dates.count(TODAY + dt.timedelta(days=65)) == 30

    ten_days = client.get(
        f"/api/calendar?from={TODAY}&to={TODAY + dt.timedelta(days=9)}", headers=alice
    ).json()
    assert ten_days["truncated"] is False
    assert len(ten_days["items"]) == 300
    upcoming = client.get(f"/api/upcoming?from={TODAY}&days=90", headers=alice).json()
    assert upcoming["truncated"] is True
    assert len(upcoming["items"]) == MAX_EVENTS


def _feed_dates(body: str) -> list[dt.date]:
    """The DTSTART dates of a feed's VEVENTs (`...:YYYYMMDD` or `...:YYYYMMDDTHHMMSS`)."""
    dates = []
    for vevent in body.split("BEGIN:VEVENT")[1:]:
        [start] = [line for line in vevent.split("\r\n") if line.startswith("DTSTART")]
        dates.append(dt.datetime.strptime(start.split(":", 1)[1][:8], "%Y%m%d").date())
    return dates


def test_the_feed_holds_the_events_nearest_today_and_no_more_than_its_cap(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    today = utc_today()
    # 30 jobs, an event a day each from 60 days ago to 39 ahead: 3,000 events in the window.
    fill(connection, ALICE, jobs=30, events=100, first_date=today - dt.timedelta(days=60))
    created = client.post("/api/calendar/feed", json={"timezone": "UTC"}, headers=alice).json()
    response = client.get("/api/calendar/feed/" + created["url"].rsplit("/", 1)[1])
    assert response.status_code == 200
    assert len(response.content) <= LAMBDA_RESPONSE_LIMIT
    distances = [abs((day - today).days) for day in _feed_dates(response.text)]
    assert len(distances) == MAX_EVENTS
    # Nearest first: every day up to 32 away whole (65 days x 30), then 50 of the 60 at 33.
    assert max(distances) == 33
    assert sum(distance <= 32 for distance in distances) == 65 * 30


# ---- the export ----------------------------------------------------------------------------


@pytest.fixture
def s3_api(app: FastAPI, tmp_path: Path) -> Iterator[TestClient]:
    """The API with its file store on a real s3rver (HTTP, presigned GETs served)."""
    endpoint, stop = devstack().start_s3(tmp_path / "objects", bucket=EXPORT_BUCKET)
    try:
        settings = Settings(s3_endpoint_url=endpoint, aws_region="us-east-1")
        s3 = build_client(settings, aws_access_key_id="S3RVER", aws_secret_access_key="S3RVER")
        store = ObjectStore(bucket=EXPORT_BUCKET, client=lambda: s3)
        app.dependency_overrides[get_object_store] = lambda: store
        with TestClient(app) as api:
            yield api
    finally:
        stop()


def _without_moment(document: bytes) -> bytes:
    """The export with its `exported_at` blanked: two exports differ only there."""
    head, rest = document.split(b'"exported_at":"', 1)
    return head + b'"exported_at":""' + rest.split(b'"', 1)[1]


@pytest.mark.parametrize(
    ("fmt", "media_type"), [("json", "application/json"), ("csv", "text/csv; charset=utf-8")]
)
def test_an_export_too_large_for_a_response_is_handed_over_through_the_file_store(
    s3_api: TestClient,
    alice: dict[str, str],
    connection: Connection,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
    media_type: str,
) -> None:
    # 600 jobs x 100 events: a 13 MB document (the CSV, with a long note per job, 6 MB).
    fill(connection, ALICE, jobs=600, events=100, first_date=TODAY)
    connection.execute(
        text(
            "UPDATE job_tracking SET notes = jsonb_build_object('general_note', repeat('n', 10000))"
        )
    )
    redirect = s3_api.get(f"/api/export?format={fmt}", headers=alice, follow_redirects=False)
    assert redirect.status_code == 303, redirect.text
    assert len(redirect.content) < 1000
    location = redirect.headers["location"]
    assert f"/{EXPORT_BUCKET}/exports/{owner_prefix(ALICE)}/" in location  # never the raw sub
    downloaded = httpx.get(location)  # no token: the URL is the credential
    assert downloaded.status_code == 200
    assert downloaded.headers["content-type"] == media_type
    filename = f"track-export-{dt.datetime.now(dt.UTC).date()}.{fmt}"
    assert downloaded.headers["content-disposition"] == f'attachment; filename="{filename}"'
    assert len(downloaded.content) > EXPORT_RESPONSE_MAX_BYTES

    # The same document as the direct answer (were responses unbounded).
    monkeypatch.setattr(handover, "EXPORT_RESPONSE_MAX_BYTES", 10**9)
    direct = s3_api.get(f"/api/export?format={fmt}", headers=alice, follow_redirects=False)
    assert direct.status_code == 200
    if fmt == "json":
        assert _without_moment(downloaded.content) == _without_moment(direct.content)
        assert len(json.loads(downloaded.content)["jobs"]) == 600
    else:
        assert downloaded.content == direct.content
        assert downloaded.content.count(b"\r\n") == 601


def test_a_small_export_is_answered_directly(
    s3_api: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    fill(connection, ALICE, jobs=20, events=100, first_date=TODAY)
    response = s3_api.get("/api/export", headers=alice, follow_redirects=False)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert [len(job["events"]) for job in response.json()["jobs"]] == [100] * 20


def test_the_size_that_counts_is_the_body_escaped_in_a_lambda_response() -> None:
    assert not handover.too_large(b"x" * 998, limit=1000)  # and the string's two quotes
    assert handover.too_large(b"x" * 999, limit=1000)
    # Quotes double and a control character becomes a \u escape in the Lambda response.
    assert handover.too_large(b'"' * 600, limit=1000)
    assert handover.too_large(b"\x01" * 200, limit=1000)
    assert not handover.too_large("é".encode() * 100, limit=1000)
