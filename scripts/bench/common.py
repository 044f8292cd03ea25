"""Shared pieces: result rows, percentiles, a throwaway embedded PostgreSQL, seed data,
API Gateway v2 events, and the environment the handler is imported with."""

from __future__ import annotations

import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "bench"
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(
    0, str(ROOT)
)  # tests.hooks: the engine swap the resumes bench shares with the tests

DEV_SECRET = "bench-secret-for-dev-tokens-only-0123456789"
LIST_USER = "bench-list"
WRITE_USER = "bench-writer"
SCALE_USER = "bench-scale"
LOAD_USER = "bench-load"

# The app's variables, production-shaped: what Lambda imports the handler with.
LAMBDA_ENV = {
    "RESUME_BUCKET": "bench-resumes",
    "S3_ENDPOINT_URL": "http://127.0.0.1:9",  # presigning never connects
    "AWS_REGION": "us-east-1",
    "AUTH_MODE": "cognito",
    "COGNITO_USER_POOL_ID": "us-east-1_bench",
    "COGNITO_CLIENT_ID": "bench-client",
    "CORS_ORIGINS": "https://track.example.com",
}


@dataclass
class Row:
    """One line of the table. `ratio` is value / floor; `met` compares it with the goal."""

    section: str
    figure: str
    value: str
    floor: str = ""
    ratio: float | None = None
    goal: str = ""
    met: bool | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def row_from_json(data: dict[str, Any]) -> Row:
    return Row(**data)


def emit_rows(rows: Sequence[Row]) -> None:
    """A section run as a child process hands its rows back on stdout, one JSON per line."""
    for row in rows:
        print("BENCH-ROW " + json.dumps(row.to_json()), flush=True)


def parse_rows(output: str) -> list[Row]:
    prefix = "BENCH-ROW "
    return [
        row_from_json(json.loads(line[len(prefix) :]))
        for line in output.splitlines()
        if line.startswith(prefix)
    ]


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100), nearest-rank on the sorted samples."""
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"


def kib(size: int) -> str:
    return f"{size / 1024:.1f} KiB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MiB"


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def debian_tool(name: str, package: str | None = None) -> str | None:
    """The path of a command, installed from Debian first if it is missing and we may (root,
    apt-get, no BENCH_NO_APT); None if it cannot be had."""
    found = shutil.which(name)
    if found or os.environ.get("BENCH_NO_APT"):
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"bench: installing {package or name} from Debian", file=sys.stderr)
        install = ["apt-get", "install", "-y", "-qq", package or name]
        if subprocess.run(install, check=False, capture_output=True).returncode:
            subprocess.run(["apt-get", "update", "-qq"], check=False, capture_output=True)
            subprocess.run(install, check=False, capture_output=True)
    return shutil.which(name)


def ratio_row(
    section: str,
    figure: str,
    value: float,
    floor: float,
    *,
    goal: float | None,
    higher_is_better: bool = False,
    render: Callable[[float], str] = ms,
) -> Row:
    """A row whose value and floor are numbers of the same unit (seconds unless `render` says)."""
    ratio = value / floor if floor else None
    met: bool | None = None
    goal_text = ""
    if goal is not None and ratio is not None:
        met = ratio >= goal if higher_is_better else ratio <= goal
        goal_text = f">= {goal:g}x" if higher_is_better else f"<= {goal:g}x"
    return Row(section, figure, render(value), render(floor), ratio, goal_text, met)


# ---- the database -------------------------------------------------------------------------


@dataclass
class Database:
    url: str  # postgresql+psycopg2://..., what the app is given

    @property
    def dsn(self) -> str:
        """The same URL as libpq takes it (psycopg2.connect)."""
        return self.url.replace("postgresql+psycopg2://", "postgresql://", 1)


@contextmanager
def embedded_database() -> Iterator[Database]:
    """A fresh embedded PostgreSQL in a temporary directory, migrated to head, then removed.

    A BENCH_DATABASE_URL in the environment is used instead (migrated, and left in place).
    """
    import devstack

    given = os.environ.get("BENCH_DATABASE_URL")
    if given:
        from jobtrack.platform.settings import normalise_database_url

        url = normalise_database_url(given)
        devstack.migrate(url)
        yield Database(url)
        return
    directory = Path(tempfile.mkdtemp(prefix="jobtrack-bench-"))
    directory.chmod(0o755)  # the server runs as its own system user when we are root
    stop: Callable[[], None] | None = None
    try:
        url, stop = devstack.start_postgres(directory)
        devstack.migrate(url)
        yield Database(url)
    finally:
        if stop is not None:
            stop()
        shutil.rmtree(directory, ignore_errors=True)


# ---- seed data ----------------------------------------------------------------------------

EVENT_NOTES: dict[str, dict[str, Any]] = {
    "applied": {
        "type": "referral",
        "referrer_name": "Sam Lee",
        "referrer_content": "Sam sent my CV to the hiring manager.",
        "note": "Applied through Sam.",
    },
    "screening": {"type": "phone", "with_person": "Alex (recruiter)", "note": "30 min, went well."},
    "interview": {"type": "video", "interviewers": "Kim, Lee", "note": "System design round."},
    "reference": {"contacts_provided": "Two former managers", "note": "Sent on Friday."},
    "offer": {"amount": "150,000 USD", "deadline": "2026-03-01", "note": "Negotiate equity."},
    "accepted": {"start_date": "2026-04-01", "note": "Signed."},
    "rejected": {"reason": "Went with another candidate."},
}
JOB_NOTES = {"salary": "140-160k", "location": "Remote (EU)", "general_note": "Found on a list."}

LIST_EVENTS = ["applied", "screening", "interview", "interview", "reference", "offer"]
SCALE_EVENTS = [
    "applied",
    "screening",
    "interview",
    "interview",
    "interview",
    "reference",
    "offer",
    "accepted",
]


def _notes_for(event_types: Sequence[str]) -> list[str]:
    notes = []
    rounds = 0
    for event_type in event_types:
        note = dict(EVENT_NOTES[event_type])
        if event_type == "interview":
            rounds += 1
            note["round"] = rounds
        notes.append(json.dumps(note))
    return notes


def seed_jobs(cursor: Any, *, user_id: str, jobs: int, event_types: Sequence[str]) -> list[int]:
    """`jobs` tracked jobs for `user_id`, each with the same events; returns their ids."""
    stage = event_types[-1] if event_types else "saved"
    cursor.execute(
        """
        INSERT INTO job_tracking
            (user_id, company, title, job_url, stage, notes, created_at, updated_at)
        SELECT %(user)s, 'Company ' || g, 'Backend Engineer ' || g,
               'https://jobs.example.com/postings/' || g, %(stage)s::tracking_stage,
               %(notes)s::jsonb, now() - make_interval(hours => g), now() - make_interval(mins => g)
        FROM generate_series(1, %(jobs)s) AS g
        ORDER BY g
        RETURNING id
        """,
        {"user": user_id, "stage": stage, "notes": json.dumps(JOB_NOTES), "jobs": jobs},
    )
    ids = sorted(row[0] for row in cursor.fetchall())
    if event_types:
        cursor.execute(
            """
            INSERT INTO tracking_events
                (job_id, event_type, event_date, event_time, location, note, created_at, updated_at)
            SELECT j.id, t.event_type::tracking_event_type, date '2026-01-05' + t.ord::int,
                   time '14:30', 'Zoom', t.note::jsonb, now(), now()
            FROM unnest(%(ids)s::int[]) AS j(id)
            CROSS JOIN unnest(%(types)s::text[], %(notes)s::text[]) WITH ORDINALITY
                 AS t(event_type, note, ord)
            ORDER BY j.id, t.ord
            """,
            {"ids": ids, "types": list(event_types), "notes": _notes_for(event_types)},
        )
    return ids


def connect(database: Database) -> Any:
    import psycopg2

    return psycopg2.connect(database.dsn, application_name="jobtrack-bench")


# ---- invoking the handler ----------------------------------------------------------------


def handler_env(database: Database, **extra: str) -> dict[str, str]:
    """The environment a handler process gets: Lambda's variables, dev auth, dummy AWS keys
    (presigning signs locally), and one pooled connection as on Lambda."""
    env = dict(os.environ)
    env.update(LAMBDA_ENV)
    env.update(
        {
            "DATABASE_URL": database.url,
            "AUTH_MODE": "dev",
            "DEV_JWT_SECRET": DEV_SECRET,
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",
            "DB_POOL_SIZE": "1",
            "DB_MAX_OVERFLOW": "0",
            # The bench asks for thousands of upload URLs; the hourly quota would answer 429.
            "MAX_UPLOAD_URLS_PER_HOUR": "1000000",
            "PYTHONPATH": os.pathsep.join([str(ROOT / "scripts"), str(ROOT / "backend")]),
        }
    )
    env.update(extra)
    return env


def apigw_event(
    method: str,
    path: str,
    *,
    token: str,
    query: str = "",
    body: Any = None,
) -> dict[str, Any]:
    """An API Gateway HTTP API (payload 2.0) event, as Lambda hands it to the handler."""
    headers = {
        "accept": "application/json",
        "authorization": f"Bearer {token}",
        "host": "api.example.com",
        "user-agent": "jobtrack-bench",
        "x-forwarded-for": "127.0.0.1",
        "x-forwarded-port": "443",
        "x-forwarded-proto": "https",
    }
    raw_body = None
    if body is not None:
        raw_body = json.dumps(body)
        headers["content-type"] = "application/json"
        headers["content-length"] = str(len(raw_body.encode()))
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "headers": headers,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "bench",
            "domainName": "api.example.com",
            "domainPrefix": "api",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "127.0.0.1",
                "userAgent": "jobtrack-bench",
            },
            "requestId": "bench",
            "routeKey": "$default",
            "stage": "$default",
            "time": "25/Nov/2026:12:00:00 +0000",
            "timeEpoch": 1795000000000,
        },
        "body": raw_body,
        "isBase64Encoded": False,
    }


class LambdaContext:
    """The few attributes a Lambda context has that anything might read."""

    function_name = "track-bench"
    memory_limit_in_mb = 1024
    aws_request_id = "bench"

    def get_remaining_time_in_millis(self) -> int:
        return 20_000


# ---- calling the Lambda handler and timing it -------------------------------------------

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]
HANDLER_CONTEXT = LambdaContext()


def call_handler(
    handler: Handler,
    token: str,
    method: str,
    path: str,
    *,
    query: str = "",
    body: Any = None,
    see_other: bool = False,
) -> dict[str, Any]:
    """One API Gateway v2 request through the Lambda handler; a non-2xx answer raises (but a
    303 when `see_other`: an export handed over through the file store)."""
    event = apigw_event(method, path, token=token, query=query, body=body)
    response = handler(event, HANDLER_CONTEXT)
    if response["statusCode"] >= 300 and not (see_other and response["statusCode"] == 303):
        raise RuntimeError(f"{method} {path}: {response['statusCode']} {response['body'][:300]}")
    return response


def timed(function: Callable[[], Any]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def alternate(
    calls: int, first: Callable[[], Any], second: Callable[[], Any], *, warmup: int = 10
) -> tuple[list[float], list[float]]:
    """Times of `first` and `second` called in turn (so both see the same noise), after a
    warm-up, with the garbage collector's existing objects frozen."""
    for _ in range(min(warmup, calls)):
        first()
        second()
    one: list[float] = []
    two: list[float] = []
    gc.collect()
    gc.freeze()
    try:
        for _ in range(calls):
            one.append(timed(first))
            two.append(timed(second))
    finally:
        gc.unfreeze()
    return one, two
