"""Warm latency through the Mangum handler with API Gateway v2 events, SQL statements per
request, and keyset pages at scale, all in one fresh process.

Every API call is paired with its floor (floor.py) and the two alternate, so both see the same
machine noise. Run by `python -m bench`; alone: `python -m bench.warm` with DATABASE_URL set.
"""

from __future__ import annotations

import gc
import gzip
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from bench import floor
from bench.common import (
    LIST_EVENTS,
    LIST_USER,
    SCALE_EVENTS,
    SCALE_USER,
    WRITE_USER,
    Database,
    LambdaContext,
    Row,
    apigw_event,
    connect,
    emit_rows,
    env_int,
    kib,
    ms,
    percentile,
    ratio_row,
    seed_jobs,
)

CONTEXT = LambdaContext()
Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


class Api:
    """Calls the real Lambda handler and checks each answer's status."""

    def __init__(self, handler: Handler, token: str) -> None:
        self.handler = handler
        self.token = token

    def call(
        self, method: str, path: str, *, query: str = "", body: Any = None, expect: int = 200
    ) -> dict[str, Any]:
        response = self.handler(
            apigw_event(method, path, token=self.token, query=query, body=body), CONTEXT
        )
        if response["statusCode"] != expect:
            raise RuntimeError(f"{method} {path}: {response['statusCode']} {response['body']}")
        return response


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def sample_pairs(
    calls: int, api: Callable[[], Any], base: Callable[[], Any], warmup: int = 50
) -> tuple[list[float], list[float]]:
    """`calls` timings of each, alternating, after a warm-up; the collector is kept out."""
    for _ in range(warmup):
        api()
        base()
    api_times: list[float] = []
    base_times: list[float] = []
    gc.collect()
    gc.freeze()
    try:
        for _ in range(calls):
            api_times.append(timed(api)[0])
            base_times.append(timed(base)[0])
    finally:
        gc.unfreeze()
    return api_times, base_times


def latency_rows(
    name: str, api_times: list[float], base_times: list[float], goal: float
) -> list[Row]:
    p50 = ratio_row(
        "warm",
        f"{name} p50",
        percentile(api_times, 50),
        percentile(base_times, 50),
        goal=goal,
    )
    p99 = ratio_row(
        "warm",
        f"{name} p99",
        percentile(api_times, 99),
        percentile(base_times, 99),
        goal=None,
    )
    return [p50, p99]


@contextmanager
def statement_counter() -> Iterator[list[str]]:
    from sqlalchemy import event

    from jobtrack.platform.db import session as db

    engine = db.get_engine()
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def main() -> None:
    database = Database(os.environ["DATABASE_URL"])
    calls = env_int("BENCH_CALLS", 1000)
    scale_calls = env_int("BENCH_SCALE_CALLS", 200)

    raw = connect(database)
    with raw.cursor() as cursor:
        seed_jobs(cursor, user_id=LIST_USER, jobs=50, event_types=LIST_EVENTS)
        write_jobs = seed_jobs(cursor, user_id=WRITE_USER, jobs=6, event_types=LIST_EVENTS[:3])
        seed_jobs(cursor, user_id=SCALE_USER, jobs=2000, event_types=SCALE_EVENTS)
        cursor.execute("ANALYZE")
    raw.commit()

    from jobtrack.auth.tokens import issue_dev_token
    from jobtrack.lambda_handler import handler
    from jobtrack.platform.settings import get_settings

    settings = get_settings()
    list_api = Api(handler, issue_dev_token(sub=LIST_USER, settings=settings))
    write_api = Api(handler, issue_dev_token(sub=WRITE_USER, settings=settings))
    scale_api = Api(handler, issue_dev_token(sub=SCALE_USER, settings=settings))
    rows: list[Row] = []

    # -- list: 50 jobs x 6 events ---------------------------------------------------------
    def api_list() -> Any:
        return list_api.call("GET", "/api/tracked", query="limit=50")

    def floor_list() -> Any:
        return floor.list_page(raw, LIST_USER, 50)

    listed = json.loads(api_list()["body"])
    assert len(listed["items"]) == 50, len(listed["items"])
    assert sum(len(job["events"]) for job in listed["items"]) == 300
    rows += latency_rows("list 50x6", *sample_pairs(calls, api_list, floor_list), goal=2.0)

    # -- create event, then delete it (the latest): the job returns to where it was ---------
    event_body = {"event_type": "interview", "event_date": "2026-02-03", "event_time": "14:30"}
    event_json = json.dumps(event_body)
    app_job, floor_job, patch_job, patch_floor_job, upload_job, _ = write_jobs
    create_times: tuple[list[float], list[float]] = ([], [])
    delete_times: tuple[list[float], list[float]] = ([], [])

    def cycle(record: bool) -> None:
        elapsed, response = timed(
            lambda: write_api.call(
                "POST", f"/api/tracked/{app_job}/events", body=event_body, expect=201
            )
        )
        latest = json.loads(response["body"])["events"][-1]["id"]
        floor_elapsed, floor_body = timed(
            lambda: floor.create_event(raw, WRITE_USER, floor_job, event_json)
        )
        floor_latest = json.loads(floor_body)["events"][-1]["id"]
        if record:
            create_times[0].append(elapsed)
            create_times[1].append(floor_elapsed)
        elapsed, _ = timed(
            lambda: write_api.call("DELETE", f"/api/tracked/{app_job}/events/{latest}")
        )
        floor_elapsed, _ = timed(
            lambda: floor.delete_latest(raw, WRITE_USER, floor_job, floor_latest)
        )
        if record:
            delete_times[0].append(elapsed)
            delete_times[1].append(floor_elapsed)

    for _ in range(30):
        cycle(record=False)
    for _ in range(calls):
        cycle(record=True)
    rows += latency_rows("create event", *create_times, goal=2.0)
    rows += latency_rows("delete latest", *delete_times, goal=2.0)

    # -- patch metadata ---------------------------------------------------------------------
    counter = iter(range(10**9))

    def patch_body() -> dict[str, Any]:
        n = next(counter)
        return {"title": f"Staff Engineer {n % 7}", "notes": {"salary": f"{150 + n % 9}k"}}

    def api_patch() -> Any:
        return write_api.call("PATCH", f"/api/tracked/{patch_job}", body=patch_body())

    def floor_patch() -> Any:
        return floor.patch_job(raw, WRITE_USER, patch_floor_job, json.dumps(patch_body()))

    rows += latency_rows("patch metadata", *sample_pairs(calls, api_patch, floor_patch), goal=2.0)

    # -- upload-url ---------------------------------------------------------------------------
    from jobtrack.platform.aws.object_store import build_client

    floor_client = build_client(settings)
    size = 123_456

    def api_upload() -> Any:
        return write_api.call(
            "GET",
            f"/api/tracked/{upload_job}/resume/upload-url",
            query=f"filename=cv.pdf&size={size}",
        )

    def floor_upload() -> Any:
        # The same hourly grant as the API's, for the same user (so both count the same rows).
        return floor.upload_url(
            raw, floor_client, WRITE_USER, upload_job, size, settings.max_upload_urls_per_hour
        )

    rows += latency_rows("upload-url", *sample_pairs(calls, api_upload, floor_upload), goal=2.0)

    # -- what every request pays before any SQL: Mangum, routing, auth, dependencies ----------
    fixed: list[float] = []
    for _ in range(calls):
        fixed.append(
            timed(lambda: write_api.call("GET", "/api/tracked/0", expect=422))[0]  # id >= 1
        )
    rows.append(
        Row(
            "warm",
            "  fixed cost: authenticated request refused (422) before any SQL, p50",
            ms(percentile(fixed, 50)),
        )
    )

    # -- SQL statements per request ---------------------------------------------------------
    def count(call: Callable[[], Any]) -> int:
        with statement_counter() as statements:
            call()
        return len(statements)

    created = json.loads(
        write_api.call("POST", "/api/tracked", body={"company": "X", "title": "Y"}, expect=201)[
            "body"
        ]
    )
    counts: list[tuple[str, int, int]] = [
        ("list (50 jobs)", count(api_list), 2),
        (
            "list (2,000 jobs, page of 100)",
            count(lambda: scale_api.call("GET", "/api/tracked")),
            2,
        ),
        ("get", count(lambda: write_api.call("GET", f"/api/tracked/{app_job}")), 2),
        (
            "create job",
            count(
                lambda: write_api.call(
                    "POST", "/api/tracked", body={"company": "X", "title": "Y"}, expect=201
                )
            ),
            2,  # the quota lock, the insert
        ),
    ]
    latest_holder: list[int] = []

    def create_for_count() -> None:
        response = write_api.call(
            "POST", f"/api/tracked/{app_job}/events", body=event_body, expect=201
        )
        latest_holder.append(json.loads(response["body"])["events"][-1]["id"])

    counts.append(("create event (incl. lock)", count(create_for_count), 3))
    counts.append(
        (
            "delete latest (incl. lock)",
            count(
                lambda: write_api.call(
                    "DELETE", f"/api/tracked/{app_job}/events/{latest_holder[-1]}"
                )
            ),
            3,
        )
    )
    counts.append(("patch metadata", count(api_patch), 2))
    counts.append(("upload-url (incl. the hourly rate)", count(api_upload), 2))
    del created
    for name, statements, limit in counts:
        rows.append(
            Row(
                "SQL",
                f"{name}",
                f"{statements} statements",
                goal=f"<= {limit}" if name != "list (50 jobs)" else "= 2 at any size",
                met=statements <= limit,
            )
        )

    # -- scale: 2,000 jobs x 8 events, first and twentieth page of 100 -------------------------
    cursors: list[str | None] = [None]
    for _ in range(19):
        query = f"cursor={cursors[-1]}" if cursors[-1] else ""
        page = scale_api.call("GET", "/api/tracked", query=query)
        cursors.append(json.loads(page["body"])["next_cursor"])
    last_cursor = cursors[19]
    assert last_cursor is not None
    last = json.loads(scale_api.call("GET", "/api/tracked", query=f"cursor={last_cursor}")["body"])
    assert len(last["items"]) == 100, "page 20 is full"
    assert last["next_cursor"] is None, "page 20 is the last"
    first_page, twentieth = sample_pairs(
        scale_calls,
        lambda: scale_api.call("GET", "/api/tracked"),
        lambda: scale_api.call("GET", "/api/tracked", query=f"cursor={last_cursor}"),
        warmup=10,
    )
    rows.append(
        ratio_row(
            "scale",
            "page 20 vs page 1 p50 (2,000x8, keyset)",
            percentile(twentieth, 50),
            percentile(first_page, 50),
            goal=1.5,
        )
    )
    first_body = scale_api.call("GET", "/api/tracked")["body"].encode()
    rows.append(
        Row(
            "scale",
            "page of 100 jobs x 8 events: size",
            f"{kib(len(first_body))} ({kib(len(gzip.compress(first_body)))} gzipped)",
        )
    )
    raw.close()
    emit_rows(rows)


if __name__ == "__main__":
    main()
