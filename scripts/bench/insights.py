"""Insights and export at scale, through the real Mangum handler with API Gateway v2 events.

- `GET /api/insights` for a user with 2,000 jobs x 8 events against one with 20 jobs x 8 events,
  alternating (the goal: at most 3x, since the work grows with the events while the request's
  fixed cost does not), and its SQL statements (at most 3 at any size).
- `GET /api/export` (JSON and CSV) of the 2,000 x 8 user: time, and the size of the body raw and
  gzipped, and of the whole Lambda response (the body escaped inside the JSON envelope), against
  Lambda's 6 MB limit on a synchronous response.
- `POST /api/import` of 500 of those jobs into a new user: the body size against the import's
  1 MiB cap, and the time.

`BENCH_INSIGHTS_CALLS` pairs (default 100) and `BENCH_EXPORT_RUNS` runs (default 10).
Alone: `BENCH_ONLY=insights make bench`.
"""

from __future__ import annotations

import gzip
import json
import os
import time
from collections.abc import Callable
from typing import Any

from bench.common import (
    SCALE_EVENTS,
    Database,
    Row,
    alternate,
    call_handler,
    connect,
    emit_rows,
    env_int,
    kib,
    median,
    ms,
    percentile,
    ratio_row,
    seed_jobs,
    timed,
)

BIG_USER = "bench-insights-2000"
SMALL_USER = "bench-insights-20"
IMPORT_USER = "bench-import"
LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024  # 6 MB, synchronous invocation payload


def statements_of(function: Callable[[], Any]) -> int:
    from sqlalchemy import event

    from jobtrack.platform.db import session as db

    engine = db.get_engine()
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", record)
    try:
        function()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(seen)


def size_row(figure: str, response: dict[str, Any]) -> Row:
    body = response["body"].encode()
    envelope = len(json.dumps(response).encode())
    return Row(
        "insights",
        figure,
        f"{kib(len(body))} body ({kib(len(gzip.compress(body)))} gzipped); "
        f"{kib(envelope)} Lambda response",
        kib(LAMBDA_RESPONSE_LIMIT),
        envelope / LAMBDA_RESPONSE_LIMIT,
        "<= 1x",
        envelope <= LAMBDA_RESPONSE_LIMIT,
    )


def main() -> None:
    database = Database(os.environ["DATABASE_URL"])
    calls = env_int("BENCH_INSIGHTS_CALLS", 100)
    runs = env_int("BENCH_EXPORT_RUNS", 10)

    raw = connect(database)
    with raw.cursor() as cursor:
        seed_jobs(cursor, user_id=BIG_USER, jobs=2000, event_types=SCALE_EVENTS)
        seed_jobs(cursor, user_id=SMALL_USER, jobs=20, event_types=SCALE_EVENTS)
        cursor.execute("ANALYZE")
    raw.commit()
    raw.close()

    from jobtrack.auth.tokens import issue_dev_token
    from jobtrack.lambda_handler import handler
    from jobtrack.platform.settings import get_settings

    settings = get_settings()
    big_token = issue_dev_token(sub=BIG_USER, settings=settings)
    small_token = issue_dev_token(sub=SMALL_USER, settings=settings)
    rows: list[Row] = []

    # -- insights: 2,000 x 8 against 20 x 8 -------------------------------------------------
    def big() -> dict[str, Any]:
        return call_handler(handler, big_token, "GET", "/api/insights", query="today=2026-06-01")

    def small() -> dict[str, Any]:
        return call_handler(handler, small_token, "GET", "/api/insights", query="today=2026-06-01")

    answer = json.loads(big()["body"])
    assert answer["total"] == 2000, answer["total"]
    assert answer["funnel"][-1] == {"stage": "accepted", "reached": 2000}, answer["funnel"]
    big_times, small_times = alternate(calls, big, small)
    rows.append(
        ratio_row(
            "insights",
            "insights p50, 2,000x8 vs 20x8 jobs",
            percentile(big_times, 50),
            percentile(small_times, 50),
            goal=3.0,
        )
    )
    rows.append(
        ratio_row(
            "insights",
            "insights p99, 2,000x8 vs 20x8 jobs",
            percentile(big_times, 99),
            percentile(small_times, 99),
            goal=None,
        )
    )
    for name, function in (("2,000 jobs", big), ("20 jobs", small)):
        count = statements_of(function)
        rows.append(
            Row(
                "insights",
                f"SQL statements, insights ({name})",
                f"{count} statements",
                goal="<= 3",
                met=count <= 3,
            )
        )

    # -- export: 2,000 x 8 ------------------------------------------------------------------
    for format_ in ("json", "csv"):

        def export(format_: str = format_) -> dict[str, Any]:
            return call_handler(handler, big_token, "GET", "/api/export", query=f"format={format_}")

        response = export()
        times = [timed(export) for _ in range(runs)]
        rows.append(
            Row(
                "insights",
                f"export {format_}, 2,000x8, median (p95) of {runs}",
                f"{ms(median(times))} ({ms(percentile(times, 95))})",
            )
        )
        rows.append(size_row(f"export {format_}, 2,000x8: size", response))
        count = statements_of(export)
        # The jobs with their events (or the CSV's dates and counts); the JSON's contacts and
        # the jobs' people besides.
        most = 3 if format_ == "json" else 1
        rows.append(
            Row(
                "insights",
                f"SQL statements, export {format_} (2,000 jobs)",
                f"{count} statements",
                goal=f"<= {most}",
                met=count <= most,
            )
        )

    # -- import: the first 500 exported jobs into a new user ---------------------------------
    document = json.loads(call_handler(handler, big_token, "GET", "/api/export")["body"])
    chunk = {**document, "jobs": document["jobs"][:500]}
    size = len(json.dumps(chunk).encode())
    fits = size <= 1024 * 1024
    rows.append(
        Row(
            "insights",
            "import body, 500 jobs x 8 events (the import's cap: 1 MiB)",
            kib(size),
            kib(1024 * 1024),
            size / (1024 * 1024),
            "<= 1x",
            fits,
        )
    )
    per_job = size / 500
    rows.append(
        Row(
            "insights",
            "  jobs x 8 events per 1 MiB request at this note size",
            f"{int(1024 * 1024 // per_job)}",
        )
    )
    fitting = (
        chunk if fits else {**document, "jobs": document["jobs"][: int(1024 * 1024 // per_job)]}
    )
    import_token = issue_dev_token(sub=IMPORT_USER, settings=settings)
    answers: list[dict[str, Any]] = []
    started = time.perf_counter()
    count = statements_of(
        lambda: answers.append(
            call_handler(handler, import_token, "POST", "/api/import", body=fitting)
        )
    )
    elapsed = time.perf_counter() - started
    result = json.loads(answers[0]["body"])
    rows.append(
        Row(
            "insights",
            f"import {result['created']} jobs x 8 events (one request, validate + bulk insert)",
            ms(elapsed),
        )
    )
    rows.append(
        Row(
            "insights",
            # The lock, the existing jobs, the jobs' INSERT, the events' INSERT: 4 statements
            # (tests/integration/test_portability.py); SQLAlchemy sends the 4,000 event rows
            # in pages of 1,000, so 7 executions.
            f"SQL executions, import ({result['created']} jobs x 8 events)",
            f"{count} executions",
            goal="<= 7",
            met=count <= 7,
        )
    )
    emit_rows(rows)


if __name__ == "__main__":
    main()
