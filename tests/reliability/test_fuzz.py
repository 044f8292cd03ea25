"""Schema-driven fuzzing: schemathesis against the served OpenAPI document, every operation.

A real uvicorn on loopback, over a real embedded PostgreSQL and the same local S3 endpoint
`make dev` uses (s3rver), so the resume routes answer for real. The run is authenticated with a
dev token, and the database is seeded first so generated ids reach real jobs, events and a
resume (small ids: hypothesis tries them first), not only 404s. Another user's jobs sit in the
same database; after the run they must read back unchanged.

Checks: not_a_server_error, status_code_conformance, content_type_conformance,
response_schema_conformance, negative_data_rejection (in every phase: examples, coverage,
fuzzing, and the stateful phase on the links schemathesis infers), plus ignored_auth and
unsupported_method. Zero failures.

Budget: up to `fuzz_examples` hypothesis examples per operation and pass, and `--max-time`
of `fuzz_seconds_per_operation` for each documented operation, so fuzzing and the stateful phase repeat until the time is spent (hypothesis
alone stops early on operations whose only input is an id it draws from the ids it has seen).
The test then requires a minimum of requests on every operation that takes input, counted from
the server's access log: 100 in the long profile; 20 in the quick one, a smoke run showing that
every operation was exercised (operations with a small input space, such as the export's
format, get few cases in a short run).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import ROOT
from tests.reliability.conftest import (
    BUDGET,
    FIGURES,
    LiveServer,
    fresh_database,
    headers_for,
    server_errors_in_log,
)

CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "ignored_auth",
    "unsupported_method",
)
CONFIG = Path(__file__).with_name("schemathesis.toml")
FUZZER = "fuzzer"
BYSTANDER = "bystander"
BUCKET = "jobtrack-resumes-fuzz"
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
# Histories for the seeded jobs: every stage, twice over, so ids 1..N reach each rule.
HISTORIES = [
    [],
    ["applied"],
    ["applied", "screening"],
    ["applied", "interview", "interview"],
    ["applied", "interview", "reference"],
    ["applied", "offer"],
    ["applied", "offer", "accepted"],
    ["applied", "offer", "declined"],
    ["applied", "rejected"],
    ["rejected"],
]


def schemathesis_bin() -> Path:
    found = Path(sys.executable).with_name("schemathesis")
    if not found.exists():
        pytest.skip("schemathesis is not installed: run `make test-reliability`")
    return found


def _s3(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Any]:
    scripts = str(ROOT / "scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)
    import devstack

    return devstack.start_s3(tmp_path_factory.mktemp("s3") / "objects", bucket=BUCKET)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def fuzz_server(
    pg_server: Any, live_server_factory: Any, tmp_path_factory: pytest.TempPathFactory
) -> Any:
    endpoint, stop_s3 = _s3(tmp_path_factory)
    try:
        server = live_server_factory(
            fresh_database(pg_server, "rel_fuzz"),
            access_log=True,
            S3_ENDPOINT_URL=endpoint,
            RESUME_BUCKET=BUCKET,
            AWS_ACCESS_KEY_ID="S3RVER",
            AWS_SECRET_ACCESS_KEY="S3RVER",
            AWS_REGION="us-east-1",
        )
        yield server
    finally:
        stop_s3()


def _add(client: httpx.Client, headers: dict[str, str], job_id: int, event_type: str) -> None:
    body = {"event_type": event_type, "event_date": "2026-02-03"}
    response = client.post(f"/api/tracked/{job_id}/events", json=body, headers=headers)
    assert response.status_code == 201, response.text


def _attach_resume(client: httpx.Client, headers: dict[str, str], job_id: int) -> None:
    ticket = client.get(
        f"/api/tracked/{job_id}/resume/upload-url",
        params={"filename": "cv.pdf", "size": len(PDF)},
        headers=headers,
    )
    assert ticket.status_code == 200, ticket.text
    put = httpx.put(ticket.json()["upload_url"], content=PDF, headers=ticket.json()["headers"])
    assert put.status_code == 200, put.text
    confirmed = client.post(
        f"/api/tracked/{job_id}/resume/confirm",
        json={"key": ticket.json()["key"], "filename": "cv.pdf"},
        headers=headers,
    )
    assert confirmed.status_code == 200, confirmed.text


def seed(server: LiveServer) -> list[dict[str, Any]]:
    """The fuzzer's jobs 1..20 in every stage, some with a resume, and ten contacts; then the
    bystander's jobs."""
    fuzzer, bystander = headers_for(FUZZER), headers_for(BYSTANDER)
    with server.client() as client:
        for round_ in range(2):
            for history in HISTORIES:
                body = {"company": "Acme", "title": "Engineer", "notes": {"salary": "1"}}
                job = client.post("/api/tracked", json=body, headers=fuzzer).json()
                for event_type in history:
                    _add(client, fuzzer, job["id"], event_type)
                if round_ == 0 and "rejected" not in history:
                    _attach_resume(client, fuzzer, job["id"])
        # Contacts 1..10, so the contact routes meet ids that exist.
        for n in range(10):
            client.post("/api/contacts", json={"name": f"Person {n}"}, headers=fuzzer)
        theirs = []
        for history in HISTORIES[:5]:
            body = {"company": "Private", "title": "Theirs", "notes": {"general_note": "mine"}}
            job = client.post("/api/tracked", json=body, headers=bystander).json()
            for event_type in history:
                _add(client, bystander, job["id"], event_type)
            theirs.append(client.get(f"/api/tracked/{job['id']}", headers=bystander).json())
    return theirs


def run_schemathesis(
    server: LiveServer, workdir: Path, *, examples: int, seed_: int, seconds: int
) -> Any:
    token = headers_for(FUZZER)["Authorization"]
    report_dir = workdir / "report"
    command = [
        str(schemathesis_bin()), "--config-file", str(CONFIG),
        "run", f"{server.url}/api/openapi.json",
        "--header", f"Authorization: {token}",
        "--checks", ",".join(CHECKS),
        "--max-examples", str(examples),
        "--max-time", str(seconds),
        "--seed", str(seed_),
        # One worker: CPython 3.11.7's ast module keeps its recursion depth per interpreter,
        # and two threads parsing at once (hypothesis describing filter lambdas) raise a
        # spurious "AST constructor recursion depth mismatch" (cpython gh-106905).
        "--workers", "1",
        "--report", "json",
        "--report-dir", str(report_dir),
        "--request-timeout", "30",
    ]  # fmt: skip
    output = workdir / "schemathesis.out"
    with output.open("wb") as handle:
        result = subprocess.run(
            command, cwd=workdir, stdout=handle, stderr=subprocess.STDOUT, timeout=3600, check=False
        )
    reports = sorted(report_dir.glob("json-*.json"))
    assert reports, f"schemathesis wrote no report (exit {result.returncode}); see {output}"
    return result.returncode, json.loads(reports[-1].read_text()), output


ACCESS_LINE = re.compile(r'"(?P<method>[A-Z]+) (?P<path>[^ ?"]*)[^"]*" (?P<status>\d{3})')


def route_patterns(templates: Iterable[str]) -> list[tuple[re.Pattern[str], str]]:
    """A matcher per documented path template; literal segments win over parameters.

    Built from the served document, so a new route is counted the day it is added.
    """

    def pattern(template: str) -> re.Pattern[str]:
        parts = re.split(r"(\{[^}]+\})", template)
        return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts))

    # Fewer parameters first: /api/calendar/feed before /api/calendar/feed/{secret}.ics.
    ordered = sorted(templates, key=lambda t: (t.count("{"), -len(t)))
    return [(pattern(t), t) for t in ordered]


def requests_per_operation(
    server: LiveServer, since: int, templates: Iterable[str]
) -> Counter[str]:
    """Requests the server answered per operation after byte `since` of its access log."""
    patterns = route_patterns(templates)
    counts: Counter[str] = Counter()
    with server.log.open("rb") as log:
        log.seek(since)
        lines = log.read().decode(errors="replace").splitlines()
    for line in lines:
        match = ACCESS_LINE.search(line)
        if not match:
            continue
        path = match["path"]
        template = next((t for p, t in patterns if p.fullmatch(path)), "other")
        counts[f"{match['method']} {template}"] += 1
    return counts


def failure_summary(output: Path, limit: int = 120) -> str:
    lines = output.read_text(errors="replace").splitlines()
    start = next((i for i, line in enumerate(lines) if "FAILURES" in line), 0)
    return "\n".join(line[:240] for line in lines[start : start + limit])


def documented_operations(server: LiveServer) -> dict[str, bool]:
    """Every operation in the served document, and whether it takes any input."""
    document = httpx.get(f"{server.url}/api/openapi.json").json()
    return {
        f"{method.upper()} {path}": bool(op.get("parameters") or op.get("requestBody"))
        for path, item in document["paths"].items()
        for method, op in item.items()
    }


def test_schemathesis_finds_nothing(
    fuzz_server: LiveServer, tmp_path: Path, figures: Counter[str]
) -> None:
    theirs = seed(fuzz_server)
    operations = documented_operations(fuzz_server)
    log_offset = fuzz_server.log.stat().st_size
    code, report, output = run_schemathesis(
        fuzz_server,
        tmp_path,
        examples=BUDGET.fuzz_examples,
        seed_=20260203,
        seconds=round(BUDGET.fuzz_seconds_per_operation * len(operations)),
    )
    tests = report["test_cases"]
    figures["cases"] += tests["generated"]
    figures["violations"] += tests["with_failures"]
    figures["lost"] += tests["errored"]  # a request that got no answer (network-level error)
    templates = {op.split(" ", 1)[1] for op in operations}
    per_operation = requests_per_operation(fuzz_server, log_offset, templates)
    FIGURES.details["fuzz requests per operation"] = {
        op: per_operation[op] for op in sorted(operations)
    }

    failures = tests["with_failures"] + tests["errored"] + report["operations"]["errored"]
    assert failures == 0, failure_summary(output)
    assert code == 0, failure_summary(output)
    assert report["operations"]["tested"] == report["operations"]["total"] == len(operations)
    assert not server_errors_in_log(fuzz_server), fuzz_server.log_tail()
    # Enough requests reached every operation that takes input (health takes none).
    starved = {op: per_operation[op] for op, takes_input in operations.items()
               if takes_input and per_operation[op] < BUDGET.fuzz_min_requests}  # fmt: skip
    assert not starved, starved

    # The other user's jobs were never reachable: each reads back exactly as before.
    with fuzz_server.client() as client:
        for job in theirs:
            now = client.get(f"/api/tracked/{job['id']}", headers=headers_for(BYSTANDER))
            assert now.json() == job
