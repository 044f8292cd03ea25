"""Concurrency soak: many threads, mixed operations on a few shared jobs, for a bounded time.

Every request must be answered below 500; every thread must finish (a deadlock would hang
one); afterwards every job's stage must equal its latest event and every event history must be
one the rules allow (checked in SQL), and no acknowledged write may be missing: each event a
201 returned still exists unless a 200 deleted it or its job was deleted.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from sqlalchemy import text

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
from tests.reliability.rules import EVENT_TYPES

SHARED_JOBS = 6


@dataclass
class Ledger:
    """What the threads were told, shared under one lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter[int] = field(default_factory=Counter)
    created_events: dict[int, int] = field(default_factory=dict)  # event id -> job id
    deleted_events: set[int] = field(default_factory=set)
    deleted_jobs: set[int] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    transport_errors: int = 0
    requests: int = 0


class SoakThread(threading.Thread):
    def __init__(
        self,
        server: LiveServer,
        ledger: Ledger,
        seed: int,
        jobs: list[tuple[int, str]],
        users: dict[str, dict[str, str]],
        deadline: float,
    ) -> None:
        super().__init__(daemon=True, name=f"soak-{seed}")
        self.server, self.ledger, self.rng = server, ledger, random.Random(seed)
        self.jobs, self.users, self.deadline = jobs, users, deadline

    def request(
        self,
        client: httpx.Client,
        user: str,
        method: str,
        path: str,
        *,
        extra_headers: dict[str, str] | None = None,
        **kw: Any,
    ) -> Any:
        headers = {**self.users[user], **(extra_headers or {})}
        try:
            response = client.request(method, path, headers=headers, **kw)
        except httpx.TransportError as exc:
            with self.ledger.lock:
                self.ledger.transport_errors += 1
                self.ledger.problems.append(f"{method} {path}: no answer ({exc!r})")
            return None
        with self.ledger.lock:
            self.ledger.requests += 1
            self.ledger.statuses[response.status_code] += 1
            if response.status_code >= 500 or leaks(response.text):
                self.ledger.problems.append(
                    f"{method} {path}: {response.status_code} {response.text}"
                )
        return response

    def run(self) -> None:
        with self.server.client() as client:
            while time.monotonic() < self.deadline:
                self.step(client)

    def step(self, client: httpx.Client) -> None:
        job_id, owner = self.rng.choice(self.jobs)
        base = f"/api/tracked/{job_id}"
        roll = self.rng.random()
        if roll < 0.35:
            body = {"event_type": self.rng.choice(EVENT_TYPES), "event_date": "2026-02-03"}
            retried = self.rng.random() < 0.3  # a double click: the second creates nothing
            key = {"Idempotency-Key": uuid.uuid4().hex} if retried else None
            path = f"{base}/events"
            response = self.request(client, owner, "POST", path, json=body, extra_headers=key)
            if response is not None and response.status_code == 201:
                self.record_created(job_id, response.json())
                if retried:
                    again = self.request(client, owner, "POST", path, json=body, extra_headers=key)
                    # A replay answers the job as it is now (other threads move it on), so it
                    # must be a replay of the same job, not a second write.
                    if again is not None and (
                        again.status_code != 201
                        or again.headers.get("Idempotent-Replayed") != "true"
                        or again.json()["id"] != response.json()["id"]
                    ):
                        with self.ledger.lock:
                            self.ledger.problems.append(f"replay is not a replay: {again.text}")
        elif roll < 0.6:
            current = self.request(client, owner, "GET", base)
            if current is None or current.status_code != 200 or not current.json()["events"]:
                return
            latest = current.json()["events"][-1]["id"]
            response = self.request(client, owner, "DELETE", f"{base}/events/{latest}")
            if response is not None and response.status_code == 200:
                with self.ledger.lock:
                    self.ledger.deleted_events.add(latest)
        elif roll < 0.72:
            note_key = self.rng.choice(["salary", "location", "general_note"])
            value = None if self.rng.random() < 0.2 else f"{self.name}-{self.rng.random():.6f}"
            self.request(client, owner, "PATCH", base, json={"notes": {note_key: value}})
        elif roll < 0.82:
            current = self.request(client, owner, "GET", base)
            if current is not None and current.status_code == 200 and current.json()["events"]:
                event_id = current.json()["events"][-1]["id"]
                location = f"room {self.rng.randint(1, 99)}"
                self.request(client, owner, "PATCH", f"{base}/events/{event_id}",
                             json={"location": location})  # fmt: skip
        elif roll < 0.9:
            self.request(client, owner, "GET", "/api/tracked", params={"limit": 50})
        elif roll < 0.95:
            intruder = "bob" if owner == "alice" else "alice"
            response = self.request(client, intruder, "GET", base)
            if response is not None and response.status_code != 404:
                with self.ledger.lock:
                    self.ledger.problems.append(f"{intruder} read {owner}'s job: {response.text}")
        else:  # a short-lived job of this thread's own: created, used, untracked
            created = self.request(client, owner, "POST", "/api/tracked",
                                   json={"company": "Temp", "title": self.name})  # fmt: skip
            if created is None or created.status_code != 201:
                return
            temp = created.json()["id"]
            added = self.request(client, owner, "POST", f"/api/tracked/{temp}/events",
                                 json={"event_type": "applied", "event_date": "2026-02-03"})  # fmt: skip
            if added is not None and added.status_code == 201:
                self.record_created(temp, added.json())
            gone = self.request(client, owner, "DELETE", f"/api/tracked/{temp}")
            if gone is not None and gone.status_code == 204:
                with self.ledger.lock:
                    self.ledger.deleted_jobs.add(temp)

    def record_created(self, job_id: int, job: dict[str, Any]) -> None:
        with self.ledger.lock:
            self.ledger.created_events[job["events"][-1]["id"]] = job_id


@pytest.fixture(scope="module")
def soak_server(pg_server: Any, live_server_factory: Any) -> tuple[LiveServer, str]:
    url = fresh_database(pg_server, "rel_soak")
    server: LiveServer = live_server_factory(url)
    return server, url


def test_soak_mixed_operations_on_shared_jobs(
    soak_server: tuple[LiveServer, str], figures: Counter[str]
) -> None:
    server, url = soak_server
    run = uuid.uuid4().hex[:8]
    users = {name: headers_for(f"soak-{run}-{name}") for name in ("alice", "bob")}
    jobs: list[tuple[int, str]] = []
    with server.client() as client:
        for index in range(SHARED_JOBS):
            owner = "alice" if index % 3 else "bob"
            created = client.post("/api/tracked", json={"company": f"Shared {index}",
                                  "title": "Engineer"}, headers=users[owner])  # fmt: skip
            assert created.status_code == 201, created.text
            jobs.append((created.json()["id"], owner))

    ledger = Ledger()
    started = time.monotonic()
    deadline = started + BUDGET.soak_seconds
    threads = [
        SoakThread(server, ledger, seed, jobs, users, deadline)
        for seed in range(BUDGET.soak_threads)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1.0, deadline - time.monotonic()) + 60)
    hung = [thread.name for thread in threads if thread.is_alive()]
    elapsed = time.monotonic() - started

    engine = checker_engine(url)
    try:
        violations = invariant_violations(engine)
        with engine.connect() as conn:
            existing = set(conn.scalars(text("SELECT id FROM tracking_events")))
    finally:
        engine.dispose()
    lost = sorted(
        event_id
        for event_id, job_id in ledger.created_events.items()
        if event_id not in existing
        and event_id not in ledger.deleted_events
        and job_id not in ledger.deleted_jobs
    )
    server_errors = sum(n for status, n in ledger.statuses.items() if status >= 500)

    figures["cases"] += ledger.requests
    figures["violations"] += len(violations) + server_errors + len(hung)
    figures["lost"] += len(lost) + ledger.transport_errors
    FIGURES.details["concurrency soak"] = {
        "threads": BUDGET.soak_threads,
        "seconds": round(elapsed, 1),
        "requests": ledger.requests,
        "requests/s": round(ledger.requests / elapsed),
        "statuses": dict(sorted(ledger.statuses.items())),
        "events created": len(ledger.created_events),
    }

    assert not hung, f"threads still running (deadlock?): {hung}"
    assert not ledger.problems, ledger.problems[:10]
    assert not violations, violations[:10]
    assert not lost, f"acknowledged events missing: {lost[:20]}"
    assert ledger.statuses[201] > 0
    assert ledger.statuses[200] > 0
    assert set(ledger.statuses) <= {200, 201, 204, 404, 409}, ledger.statuses
    assert not server_errors_in_log(server), server.log_tail()
