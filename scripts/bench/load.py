"""Throughput on loopback. uvicorn serves the app (mixed list/create/patch, 8:1:1)
and, in turn, the floor server (bench.floor_server: the list from the raw query, nothing else);
wrk drives both with the same connections, each for BENCH_LOAD_SECONDS (default 30) in two
alternating halves. Without wrk (and no apt-get to install it), a bounded Python generator.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import (
    DEV_SECRET,
    LIST_EVENTS,
    LOAD_USER,
    Database,
    Row,
    connect,
    debian_tool,
    emit_rows,
    env_int,
    percentile,
    ratio_row,
    seed_jobs,
)

LUA = Path(__file__).with_name("mixed.lua")
CONNECTIONS = 8
HOST = "127.0.0.1"


@dataclass
class Run:
    requests: int = 0
    seconds: float = 0.0
    latencies_us: list[float] = field(default_factory=list)
    status_errors: int = 0
    socket_errors: int = 0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def add(self, other: Run) -> None:
        self.requests += other.requests
        self.seconds += other.seconds
        self.latencies_us += other.latencies_us
        self.status_errors += other.status_errors
        self.socket_errors += other.socket_errors


def find_wrk() -> str | None:
    return debian_tool("wrk")


@contextmanager
def serve(target: list[str], env: dict[str, str]) -> Iterator[str]:
    """uvicorn on a free loopback port until the block ends."""
    import devstack

    base, proc = devstack.start_uvicorn(
        env,
        app=target,
        ready_path="/api/tracked",
        options=("--log-level", "warning", "--no-access-log"),
    )
    try:
        yield base
    finally:
        devstack.stop_tree(proc)


def run_wrk(wrk: str, base: str, seconds: int, env: dict[str, str]) -> Run:
    result = subprocess.run(
        [
            *(wrk, "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "5s"),
            *("-s", str(LUA), f"{base}/api/tracked"),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("BENCH-WRK "))
    data = json.loads(line[len("BENCH-WRK ") :])
    # wrk reports percentiles only; keep them as a two-point "distribution" for merging.
    return Run(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        latencies_us=[float(data["p50_us"]), float(data["p99_us"])],
        status_errors=data["status_errors"],
        socket_errors=data["socket_errors"],
    )


def run_python(base: str, seconds: int, env: dict[str, str]) -> Run:
    """The fallback: CONNECTIONS threads with keep-alive connections, bounded by time."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    mixed = env.get("BENCH_MIX") == "mixed"
    jobs = [int(x) for x in env.get("BENCH_JOB_IDS", "").split(",") if x]
    deadline = time.monotonic() + seconds
    run = Run()
    lock = threading.Lock()

    def worker(offset: int) -> None:
        local = Run()
        conn = http.client.HTTPConnection(parts.hostname or HOST, parts.port)
        n = offset
        while time.monotonic() < deadline:
            n += 1
            slot = n % 10
            headers = {"Authorization": f"Bearer {env['BENCH_TOKEN']}"}
            method, path, body = "GET", "/api/tracked?limit=50", None
            if mixed and slot == 1:
                headers = {"Authorization": f"Bearer {env['BENCH_WRITER_TOKEN']}"}
                method, path, body = "POST", "/api/tracked", '{"company":"Load","title":"E"}'
            elif mixed and slot == 2:
                method, path = "PATCH", f"/api/tracked/{jobs[n % len(jobs)]}"
                body = json.dumps({"notes": {"salary": f"{n}k"}})
            if body:
                headers["Content-Type"] = "application/json"
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    local.status_errors += 1
            except OSError:
                local.socket_errors += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname or HOST, parts.port)
                continue
            local.latencies_us.append((time.perf_counter() - started) * 1e6)
            local.requests += 1
        conn.close()
        with lock:
            run.add(local)

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds = time.monotonic() - started
    return run


def main() -> None:
    database = Database(os.environ["DATABASE_URL"])
    seconds = max(2, env_int("BENCH_LOAD_SECONDS", 30))
    raw = connect(database)
    with raw.cursor() as cursor:
        jobs = seed_jobs(cursor, user_id=LOAD_USER, jobs=50, event_types=LIST_EVENTS)
        cursor.execute("ANALYZE")
    raw.commit()
    raw.close()

    from jobtrack.auth.tokens import issue_dev_token
    from jobtrack.platform.settings import Settings

    settings = Settings(dev_jwt_secret=DEV_SECRET)
    env = dict(os.environ)
    env.update(
        {
            "DB_POOL_SIZE": "5",
            "DB_MAX_OVERFLOW": "5",
            "BENCH_USER": LOAD_USER,
            "BENCH_TOKEN": issue_dev_token(sub=LOAD_USER, settings=settings),
            "BENCH_WRITER_TOKEN": issue_dev_token(sub=LOAD_USER + "-writer", settings=settings),
            "BENCH_JOB_IDS": ",".join(str(j) for j in jobs),
        }
    )
    wrk = find_wrk()
    generator = "wrk" if wrk else "python"

    def drive(base: str, span: int, mix: str) -> Run:
        run_env = {**env, "BENCH_MIX": mix}
        if wrk:
            return run_wrk(wrk, base, span, run_env)
        return run_python(base, span, run_env)

    app_run, floor_run = Run(), Run()
    app_target = ["jobtrack.main:create_app", "--factory"]
    floor_target = ["bench.floor_server:app"]
    halves = [seconds // 2, seconds - seconds // 2]
    for span in halves:
        with serve(floor_target, env) as base:
            drive(base, 1, "list")  # warm-up, not counted
            floor_run.add(drive(base, span, "list"))
        with serve(app_target, env) as base:
            drive(base, 1, "mixed")
            app_run.add(drive(base, span, "mixed"))

    def p(run: Run, q: float) -> float:
        if wrk:  # two-point distribution per half: average the halves' percentiles
            points = run.latencies_us[0::2] if q == 50 else run.latencies_us[1::2]
            return sum(points) / len(points) / 1e6
        return percentile(run.latencies_us, q) / 1e6

    errors = app_run.status_errors + app_run.socket_errors
    rows = [
        ratio_row(
            "load",
            f"req/s, app mixed 8:1:1 vs floor list ({generator}, {CONNECTIONS} conns, {seconds} s)",
            app_run.rps,
            floor_run.rps,
            goal=0.5,
            higher_is_better=True,
            render=lambda v: f"{v:.0f}/s",
        ),
        ratio_row("load", "p50 latency under load", p(app_run, 50), p(floor_run, 50), goal=None),
        ratio_row("load", "p99 latency under load", p(app_run, 99), p(floor_run, 99), goal=None),
        Row(
            "load",
            "errors: non-2xx + socket",
            f"{app_run.status_errors} + {app_run.socket_errors}",
            f"{floor_run.status_errors} + {floor_run.socket_errors}",
            goal="0",
            met=errors == 0,
        ),
    ]
    emit_rows(rows)


if __name__ == "__main__":
    main()
