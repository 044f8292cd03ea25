"""Cold init in fresh interpreters, and how many modules the cold start imports.

The handler import (settings, app, engine; no connection, no S3 client) against the naive
stack that imports everything up front and builds an S3 client, the two alternating so drift
hits both. Timed from spawning the interpreter to the end of the imports, as Lambda's init
phase pays it (the interpreter's teardown, which Lambda never waits for, is left out).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from bench.common import LAMBDA_ENV, Row, emit_rows, env_int, median, ratio_row

HANDLER = "import jobtrack.lambda_handler"
NAIVE = (
    "import fastapi, mangum, sqlalchemy.orm, pydantic, boto3, psycopg2; "
    "boto3.client('s3', region_name='us-east-1')"
)
FRAMEWORK_ONLY = "import fastapi, mangum, sqlalchemy.orm"
COUNT_MODULES = "; import sys, json; print(json.dumps(sorted(sys.modules)))"


def cold_env() -> dict[str, str]:
    """Only what a Lambda container has: its variables (production mode)."""
    keep = ("PATH", "HOME", "LANG", "PYTHONPATH", "DATABASE_URL")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update(LAMBDA_ENV)
    env["AWS_ACCESS_KEY_ID"] = "bench"
    env["AWS_SECRET_ACCESS_KEY"] = "bench"
    return env


def run_once(code: str, env: dict[str, str]) -> float:
    """From spawning the interpreter to the end of `code`, as the child's monotonic clock
    (system-wide on Linux) reads it: Lambda's init phase, without the interpreter's exit."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport time; print(repr(time.monotonic()))"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return float(result.stdout.strip().splitlines()[-1]) - started


def modules(code: str, env: dict[str, str]) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", code + COUNT_MODULES],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return list(json.loads(result.stdout))


def main() -> None:
    runs = max(9, env_int("BENCH_COLD_RUNS", 11))
    env = cold_env()
    programs = {"pass": "pass", "handler": HANDLER, "naive": NAIVE, "framework": FRAMEWORK_ONLY}
    times: dict[str, list[float]] = {name: [] for name in programs}
    for code in programs.values():  # compile the bytecode caches first; not counted
        run_once(code, env)
    for _ in range(runs):
        for name, code in programs.items():
            times[name].append(run_once(code, env))
    handler, naive = median(times["handler"]), median(times["naive"])
    rows = [
        ratio_row("cold", f"handler import, median of {runs}", handler, naive, goal=0.65),
        ratio_row(
            "cold",
            "  for scale: fastapi+mangum+sqlalchemy.orm",
            median(times["framework"]),
            naive,
            goal=None,
        ),
        ratio_row("cold", "  for scale: python -c pass", median(times["pass"]), naive, goal=None),
    ]
    loaded = modules(HANDLER, env)
    naive_loaded = modules(NAIVE, env)
    heavy = [
        name for name in ("boto3", "botocore", "psycopg2", "jwt", "cryptography") if name in loaded
    ]
    rows.append(
        Row(
            "artifact",
            "modules imported at cold start",
            str(len(loaded)),
            str(len(naive_loaded)),
            len(loaded) / len(naive_loaded),
            "fewer than naive",
            len(loaded) < len(naive_loaded),
        )
    )
    rows.append(
        Row(
            "artifact",
            "  of boto3, botocore, psycopg2, jwt, cryptography",
            ", ".join(heavy) or "none",
        )
    )
    emit_rows(rows)


if __name__ == "__main__":
    main()
