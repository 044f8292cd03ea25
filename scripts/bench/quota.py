"""One account at the full quota (5,000 jobs x 100 events), filled through the real import and
read back through the Lambda handler the way the page and its clients read it.

Every read is timed (median of `BENCH_QUOTA_RUNS`, default 3) twice: right after the import,
with the planner's statistics as the import left them (autovacuum is off for the tables, so no
ANALYZE has seen the new rows), and again after `ANALYZE`. Each row gives the response's size
uncompressed, gzipped and as the Lambda response, and the SQL statements it ran.

Goals: the page's everyday reads (list pages, a job, insights, upcoming, a calendar month)
<= 1 s on this machine; export, feed and the 366-day calendar <= 10 s; no Lambda response over
6 MB (a synchronous invocation's limit: above it the request fails on AWS). An export too
large for a response answers 303 to the file store (a local s3rver here): its row gives the
redirect's size and the file's, fetched from there.

Alone: `make bench-quota` (not part of `make bench`: the fill alone takes about a minute).
"""

from __future__ import annotations

import copy
import datetime as dt
import gzip
import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.common import (
    Database,
    Row,
    call_handler,
    connect,
    emit_rows,
    env_int,
    kib,
    median,
    ms,
    seed_jobs,
    timed,
)
from bench.insights import LAMBDA_RESPONSE_LIMIT, statements_of

TEMPLATE_USER = "bench-quota-template"
QUOTA_USER = "bench-quota"
IMPORT_BODY_LIMIT = 1024 * 1024
EVENT_TYPES = ["applied", "screening", *(["interview"] * 98)]
TODAY = dt.date(2026, 12, 4)  # the feed's window is around today: every event falls in it


def _import_document(handler: Any, template_token: str, jobs: int) -> list[dict[str, Any]]:
    """The import chunks (each under the import's 1 MiB cap) holding `jobs` copies of the
    template's one job, renamed and dated so every event falls inside the feed's window."""
    exported = json.loads(call_handler(handler, template_token, "GET", "/api/export")["body"])
    [job] = exported["jobs"]
    first = TODAY - dt.timedelta(days=90)  # up to 9 days ahead: a month and upcoming are full
    for index, event in enumerate(job["events"]):
        event["event_date"] = (first + dt.timedelta(days=index)).isoformat()
    one = len(json.dumps(job).encode())
    per_chunk = max(1, (IMPORT_BODY_LIMIT - 4096) // one)
    chunks = []
    for start in range(0, jobs, per_chunk):
        batch = []
        for number in range(start, min(jobs, start + per_chunk)):
            copy_ = copy.deepcopy(job)
            copy_["company"] = f"Company {number:05d}"
            copy_["title"] = f"Backend Engineer {number:05d}"
            copy_["job_url"] = f"https://jobs.example.com/postings/{number}"
            batch.append(copy_)
        chunks.append({**exported, "jobs": batch})
    return chunks


def _size_cells(response: dict[str, Any]) -> tuple[str, int]:
    body = response["body"].encode()
    envelope = len(json.dumps(response).encode())
    sizes = f"{kib(len(body))} ({kib(len(gzip.compress(body)))} gz; {kib(envelope)} Lambda)"
    location = response.get("headers", {}).get("location")
    if response["statusCode"] == 303 and location:
        # Handed over through the file store: the file's size, fetched as a browser would.
        import httpx

        handed = httpx.get(location, timeout=60).raise_for_status().content
        sizes += f"; 303 to the file store: {kib(len(handed))} file"
    return sizes, envelope


def _read_rows(
    phase: str, reads: list[tuple[str, float, Callable[[], dict[str, Any]]]], runs: int
) -> list[Row]:
    rows = []
    for name, goal_s, read in reads:
        print(f"bench quota: {phase}: {name}", file=sys.stderr, flush=True)
        goal = f"<= {goal_s:g} s, <= 6 MB"
        times: list[float] = []
        try:
            response = read()
            for _ in range(runs):
                times.append(timed(read))
            statements = statements_of(read)
        except RuntimeError as error:  # a 4xx/5xx answer: the read fails for the user too
            failed = f"FAILED ({len(times)} of {runs} timed runs passed): {str(error)[:80]}"
            rows.append(Row("quota", f"{phase}: {name}", failed, goal=goal, met=False))
            continue
        sizes, envelope = _size_cells(response)
        took = median(times)
        rows.append(
            Row(
                "quota",
                f"{phase}: {name}",
                f"{ms(took)}; {sizes}; {statements} statements",
                goal=goal,
                met=took <= goal_s and envelope <= LAMBDA_RESPONSE_LIMIT,
            )
        )
    return rows


def main() -> None:
    import shutil
    import tempfile
    from pathlib import Path

    import devstack

    # A local S3 (s3rver) for the exports handed over through the file store.
    os.environ["AWS_ACCESS_KEY_ID"] = devstack.S3RVER_CREDENTIALS
    os.environ["AWS_SECRET_ACCESS_KEY"] = devstack.S3RVER_CREDENTIALS
    work = Path(tempfile.mkdtemp(prefix="bench-quota-"))
    try:
        endpoint, stop_s3 = devstack.start_s3(work / "s3", bucket=os.environ["RESUME_BUCKET"])
        os.environ["S3_ENDPOINT_URL"] = endpoint
        try:
            _run()
        finally:
            stop_s3()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run() -> None:
    database = Database(os.environ["DATABASE_URL"])
    runs = env_int("BENCH_QUOTA_RUNS", 3)
    jobs = env_int("BENCH_QUOTA_JOBS", 5000)

    raw = connect(database)
    raw.autocommit = True
    with raw.cursor() as cursor:
        seed_jobs(cursor, user_id=TEMPLATE_USER, jobs=1, event_types=EVENT_TYPES)
        # As right after an import on a busy database: no ANALYZE sees the new rows until asked.
        for table in ("job_tracking", "tracking_events"):
            cursor.execute(f"ALTER TABLE {table} SET (autovacuum_enabled = false)")

    from jobtrack.auth.tokens import issue_dev_token
    from jobtrack.lambda_handler import handler
    from jobtrack.platform.settings import get_settings

    settings = get_settings()
    template_token = issue_dev_token(sub=TEMPLATE_USER, settings=settings)
    token = issue_dev_token(sub=QUOTA_USER, settings=settings)
    chunks = _import_document(handler, template_token, jobs)

    started = time.perf_counter()
    for chunk in chunks:
        call_handler(handler, token, "POST", "/api/import", body=chunk)
    filled = time.perf_counter() - started
    rows = [
        Row(
            "quota",
            f"fill through the import: {jobs:,} jobs x {len(EVENT_TYPES)} events",
            f"{filled:.1f} s in {len(chunks)} requests (<= 1 MiB each)",
        )
    ]

    page = json.loads(call_handler(handler, token, "GET", "/api/tracked", query="limit=1")["body"])
    job_id = page["items"][0]["id"]
    feed = json.loads(
        call_handler(handler, token, "POST", "/api/calendar/feed", body={"timezone": "UTC"})["body"]
    )
    feed_path = "/" + feed["url"].split("/", 3)[3]
    year_from = (TODAY - dt.timedelta(days=180)).isoformat()
    year_to = (TODAY + dt.timedelta(days=185)).isoformat()
    month_from = (TODAY - dt.timedelta(days=30)).isoformat()

    def get(path: str, query: str = "") -> Callable[[], dict[str, Any]]:
        return lambda: call_handler(handler, token, "GET", path, query=query, see_other=True)

    reads: list[tuple[str, float, Callable[[], dict[str, Any]]]] = [
        ("list, default page (100)", 1.0, get("/api/tracked")),
        ("list, 500 a page", 1.0, get("/api/tracked", "limit=500")),
        ("a job with 100 events", 1.0, get(f"/api/tracked/{job_id}")),
        ("insights", 1.0, get("/api/insights", f"today={TODAY}")),
        ("upcoming, 14 days", 1.0, get("/api/upcoming", f"from={TODAY}")),
        ("calendar, a month", 1.0, get("/api/calendar", f"from={month_from}&to={TODAY}")),
        ("calendar, 366 days", 10.0, get("/api/calendar", f"from={year_from}&to={year_to}")),
        ("export JSON", 10.0, get("/api/export", "format=json")),
        ("export CSV", 10.0, get("/api/export", "format=csv")),
        ("feed (.ics)", 10.0, get(feed_path)),
    ]
    rows += _read_rows("fresh statistics", reads, runs)
    with raw.cursor() as cursor:
        cursor.execute("ANALYZE job_tracking, tracking_events")
    rows += _read_rows("after ANALYZE", reads, runs)
    raw.close()
    emit_rows(rows)


if __name__ == "__main__":
    main()
