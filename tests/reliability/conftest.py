"""Reliability suites: a real uvicorn on loopback over a real embedded PostgreSQL, plus figures.

Every suite records what it did (cases run, faults injected, invariant violations, requests
lost) into `FIGURES`; failures are counted per suite from pytest's own reports. When
`RELIABILITY_FIGURES` names a file, the session writes them there as JSON and
scripts/reliability.py prints the table.

`RELIABILITY_PROFILE=quick` (the default, what `make test` runs) keeps the whole set under a few
minutes on two cores; `long` (what `make reliability` and `make fuzz` run) does much more.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, create_engine, text

from tests.conftest import ROOT, TEST_SECRET, auth, run_alembic, server_url

# ---- budgets -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Budget:
    fuzz_examples: int  # schemathesis --max-examples (per operation and pass)
    # schemathesis --max-time, per documented operation: fuzzing and the stateful phase repeat
    # until it is spent, so the time grows with the API and every operation keeps its share.
    fuzz_seconds_per_operation: float
    fuzz_min_requests: int  # every operation that takes input gets at least this many requests
    model_examples: int  # hypothesis state machines run
    model_steps: int  # steps per state machine
    soak_seconds: float
    soak_threads: int
    fault_seconds: float
    fault_threads: int
    outages: int  # database stop/start cycles during load


BUDGETS = {
    "quick": Budget(
        fuzz_examples=200,
        # About 2 minutes for 40 operations on 2 cores: a smoke run; the long profile is the
        # thorough one. 60 s for every operation together starved some when the machine was
        # busy (under 20 requests each).
        fuzz_seconds_per_operation=3,
        fuzz_min_requests=20,
        model_examples=40,
        model_steps=40,
        soak_seconds=12,
        soak_threads=16,
        fault_seconds=8,
        fault_threads=8,
        outages=1,
    ),
    "long": Budget(
        fuzz_examples=1000,
        fuzz_seconds_per_operation=8,
        fuzz_min_requests=100,
        model_examples=200,
        model_steps=60,
        soak_seconds=120,
        soak_threads=32,
        fault_seconds=60,
        fault_threads=16,
        outages=4,
    ),
}
PROFILE = os.environ.get("RELIABILITY_PROFILE", "quick")
BUDGET = BUDGETS[PROFILE]


# ---- figures -----------------------------------------------------------------------------

COLUMNS = ("cases", "failures", "faults", "violations", "lost")
SUITES = {
    "test_fuzz": "fuzz (schemathesis)",
    "test_model": "stateful model",
    "test_soak": "concurrency soak",
    "test_faults": "faults",
    "test_hostile": "hostile input (OWASP)",
}


@dataclass
class Figures:
    """Counts per suite; a suite's `failures` are the pytest tests of that module that failed."""

    rows: dict[str, Counter[str]] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)  # extra figures for the docs

    def add(self, suite: str, **counts: int) -> None:
        unknown = set(counts) - set(COLUMNS)
        assert not unknown, unknown
        self.rows.setdefault(suite, Counter()).update(counts)

    def as_json(self) -> dict[str, dict[str, int]]:
        return {suite: {c: row.get(c, 0) for c in COLUMNS} for suite, row in self.rows.items()}


FIGURES = Figures()


def suite_of(nodeid_or_module: str) -> str:
    module = Path(nodeid_or_module.split("::", 1)[0]).stem
    return SUITES.get(module, module)


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> Iterator[Counter[str]]:
    """This suite's counters: `figures["cases"] += n`; merged into FIGURES after the test."""
    counts: Counter[str] = Counter()
    yield counts
    FIGURES.add(suite_of(request.node.nodeid), **counts)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if "reliability/" not in report.nodeid.replace("\\", "/"):
        return
    suite = suite_of(report.nodeid)
    if report.failed:
        FIGURES.add(suite, failures=1)
    elif report.when == "call":
        FIGURES.add(suite)  # the suite ran, even if it recorded nothing


def pytest_sessionfinish(session: pytest.Session) -> None:
    target = os.environ.get("RELIABILITY_FIGURES")
    if target:
        figures = {"profile": PROFILE, "suites": FIGURES.as_json(), "details": FIGURES.details}
        Path(target).write_text(json.dumps(figures, indent=2))


# ---- leaks -------------------------------------------------------------------------------

# What must never appear in a response body: traces, driver and ORM names, SQL, table names.
LEAK_MARKERS = (
    "Traceback",
    'File "',
    "psycopg",
    "sqlalchemy",
    "SELECT ",
    "INSERT INTO",
    "UPDATE job_tracking",
    "DELETE FROM",
    "job_tracking",
    "tracking_events",
    "idempotency_keys",
    "pg_",
    "Internal Server Error",
)


def leaks(body: str, sent: str = "") -> list[str]:
    """Markers in a response body that the request itself did not carry (an echo is no leak)."""
    return [marker for marker in LEAK_MARKERS if marker in body and marker not in sent]


# ---- databases ---------------------------------------------------------------------------


def fresh_database(pg_server: Any, name: str) -> str:
    """Create (or recreate) database `name` on the session server, migrated to head."""
    admin = create_engine(server_url(pg_server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = server_url(pg_server).replace("/postgres?", f"/{name}?", 1)
    run_alembic(url, "upgrade", "head")
    return url


def checker_engine(url: str) -> Engine:
    """An engine for the test's own SQL, named so fault injection never kills it."""
    return create_engine(
        url, pool_pre_ping=True, connect_args={"application_name": "reliability-checker"}
    )


# Every job's stage must be the type of its latest event (or `saved` with none).
STAGE_MISMATCHES = text(
    """
    SELECT j.id, j.stage::text AS stage,
           COALESCE(
             (SELECT e.event_type::text FROM tracking_events e
              WHERE e.job_id = j.id ORDER BY e.id DESC LIMIT 1),
             'saved') AS latest
    FROM job_tracking j
    """
)
HISTORIES = text(
    "SELECT job_id, array_agg(event_type::text ORDER BY id) FROM tracking_events GROUP BY job_id"
)


def invariant_violations(engine: Engine) -> list[str]:
    """Stage != latest event, or an event history no sequence of allowed requests can make."""
    from tests.reliability.rules import history_error

    found: list[str] = []
    with engine.connect() as conn:
        for job_id, stage, latest in conn.execute(STAGE_MISMATCHES):
            if stage != latest:
                found.append(f"job {job_id}: stage {stage} but latest event {latest}")
        for job_id, history in conn.execute(HISTORIES):
            error = history_error(list(history))
            if error:
                found.append(f"job {job_id}: {error} in {history}")
    return found


# ---- the live server ---------------------------------------------------------------------


@dataclass
class LiveServer:
    url: str
    proc: subprocess.Popen[bytes]
    log: Path

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, **kwargs)

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        import devstack  # on sys.path: start_server put it there

        devstack.stop_tree(self.proc)


def start_server(
    database_url: str,
    log: Path,
    *,
    extra_env: dict[str, str] | None = None,
    access_log: bool = False,
) -> LiveServer:
    """uvicorn serving create_app() on a free loopback port, in dev auth mode."""
    scripts = str(ROOT / "scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)
    import devstack

    env = {
        key: value
        for key, value in os.environ.items()
        if key.upper()
        not in {"DATABASE_URL", "S3_ENDPOINT_URL", "RESUME_BUCKET", "CORS_ORIGINS", "AUTH_MODE"}
    }
    env.update(
        {
            "DATABASE_URL": database_url,
            "AUTH_MODE": "dev",
            "DEV_JWT_SECRET": TEST_SECRET,
            "CORS_ORIGINS": "http://127.0.0.1:5173",
            "DB_POOL_SIZE": "20",
            "DB_MAX_OVERFLOW": "10",
            "DB_CONNECT_TIMEOUT_S": "2",
            # The suites drive one account far past a person's hourly upload rate, and the fault
            # suite needs health's answer the moment the database stops: tests/integration/
            # test_limits.py covers both limits as shipped.
            "MAX_UPLOAD_URLS_PER_HOUR": "1000000",
            "HEALTH_CACHE_S": "0",
            "PYTHONPATH": str(ROOT / "backend"),
            **(extra_env or {}),
        }
    )
    url, proc = devstack.start_uvicorn(
        env, options=("--log-level", "info" if access_log else "warning"), log=log
    )
    return LiveServer(url=url, proc=proc, log=log)


@pytest.fixture(scope="module")
def live_server_factory(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Any]:
    """Start servers for a module; every one is stopped when the module ends."""
    started: list[LiveServer] = []

    def factory(database_url: str, *, access_log: bool = False, **extra_env: str) -> LiveServer:
        log = tmp_path_factory.mktemp("uvicorn") / "uvicorn.log"
        server = start_server(database_url, log, extra_env=extra_env, access_log=access_log)
        started.append(server)
        return server

    yield factory
    for server in started:
        server.stop()


def server_errors_in_log(server: LiveServer) -> list[str]:
    """Unhandled exceptions the server logged (a 500 with a traceback in the log)."""
    text_ = server.log.read_text(errors="replace")
    return [line for line in text_.splitlines() if line.startswith("Traceback")]


def headers_for(sub: str) -> dict[str, str]:
    return auth(sub)
