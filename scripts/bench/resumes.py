"""Resume files: presign time per call, and the upload-url, PUT, confirm and download round
trip on a local s3rver (started here) and the bench's PostgreSQL.

The API runs in process (Starlette's TestClient); the PUTs go to s3rver over HTTP. BENCH_CALLS
presigns of each kind (default 2,000) and BENCH_RESUME_ROUNDS round trips (default 30, after
one warm-up round). These figures have no floor: they depend on the machine.
`make bench-resumes` runs this section alone.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.common import (
    DEV_SECRET,
    Database,
    Row,
    emit_rows,
    env_int,
    median,
    ms,
    percentile,
)

BUCKET = "bench-resumes"
PDF_TYPE = "application/pdf"
PDF = b"%PDF-1.7\n" + b"0" * 200_000 + b"\n%%EOF\n"


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def us(seconds: float) -> str:
    return f"{seconds * 1e6:.1f} µs"


def spread(figure: str, samples: Sequence[float], render: Callable[[float], str] = ms) -> Row:
    """One row: the median, with the p95 in brackets."""
    value = f"{render(median(samples))} ({render(percentile(samples, 95))})"
    return Row("resumes", f"{figure}, median (p95) of {len(samples)}", value)


def presign_rows(endpoint: str, calls: int) -> list[Row]:
    started = time.perf_counter()
    import boto3  # noqa: F401  (the import a cold start avoids until S3 is needed)

    import_s = time.perf_counter() - started

    from jobtrack.platform.aws.object_store import ObjectStore, get_client, reset_client
    from jobtrack.platform.settings import Settings
    from jobtrack.resumes import service

    settings = Settings(s3_endpoint_url=endpoint, aws_region="us-east-1", resume_bucket=BUCKET)
    reset_client()
    client_s = timed(lambda: get_client(settings))
    store = ObjectStore(bucket=BUCKET, client=lambda: get_client(settings))
    key = service.pending_key(user_id="bench", job_id=1, token="0" * 32)
    disposition = service.content_disposition("inline", "Lebenslauf Müller.pdf")

    uploads = [
        timed(lambda: store.presign_upload(key, size=123_456, content_type=PDF_TYPE))
        for _ in range(calls)
    ]
    downloads = [
        timed(
            lambda: store.presign_download(
                key, content_type=PDF_TYPE, content_disposition=disposition
            )
        )
        for _ in range(calls)
    ]
    return [
        Row("resumes", "import boto3, first time", ms(import_s)),
        Row("resumes", "first S3 client", ms(client_s)),
        spread("presign PUT, per call", uploads, us),
        spread("presign GET, per call", downloads, us),
    ]


def round_trip_rows(endpoint: str, database: Database, rounds: int) -> list[Row]:
    import httpx
    from fastapi.testclient import TestClient

    from jobtrack.auth.tokens import issue_dev_token
    from jobtrack.main import create_app
    from jobtrack.platform.db import session as db
    from jobtrack.platform.settings import Settings, get_settings
    from tests.hooks import use_engine  # the benches swap the engine as the tests do

    settings = Settings(
        database_url=database.url,
        auth_mode="dev",
        dev_jwt_secret=DEV_SECRET,
        s3_endpoint_url=endpoint,
        resume_bucket=BUCKET,
        aws_region="us-east-1",
    )
    use_engine(db.build_engine(settings))
    try:
        app = create_app(settings)
        app.dependency_overrides[get_settings] = lambda: settings
        auth = {"Authorization": f"Bearer {issue_dev_token(sub='bench', settings=settings)}"}
        issue, put, confirm, download = [], [], [], []
        with TestClient(app) as api, httpx.Client() as s3:
            for _ in range(rounds + 1):  # the first round warms the pools and the client
                job = api.post("/api/tracked", json={"company": "A", "title": "B"}, headers=auth)
                path = f"/api/tracked/{job.json()['id']}/resume"
                started = time.perf_counter()
                upload = api.get(
                    f"{path}/upload-url",
                    params={"filename": "cv.pdf", "size": len(PDF)},
                    headers=auth,
                ).json()
                issued = time.perf_counter()
                s3.put(upload["upload_url"], content=PDF, headers=upload["headers"])
                uploaded = time.perf_counter()
                confirmed = api.post(
                    f"{path}/confirm",
                    json={"key": upload["key"], "filename": "cv.pdf"},
                    headers=auth,
                )
                done = time.perf_counter()
                assert confirmed.status_code == 200, confirmed.text
                link = api.get(f"{path}/url", headers=auth)
                fetched = time.perf_counter()
                assert link.status_code == 200, link.text
                issue.append(issued - started)
                put.append(uploaded - issued)
                confirm.append(done - uploaded)
                download.append(fetched - done)
    finally:
        use_engine(None)
    return [
        spread("GET upload-url (API)", issue[1:]),
        spread(f"PUT {len(PDF) // 1000} kB to s3rver", put[1:]),
        spread("POST confirm round trip (API + S3)", confirm[1:]),
        spread("GET resume/url (API)", download[1:]),
    ]


def main() -> None:
    import devstack

    database = Database(os.environ["DATABASE_URL"])
    if shutil.which("node") is None:
        emit_rows([Row("resumes", "presign and upload round trip", "pending: no node")])
        return
    calls = env_int("BENCH_CALLS", 2_000)
    rounds = env_int("BENCH_RESUME_ROUNDS", 30)
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    # s3rver knows one access key; the bench's environment carries dummy ones.
    os.environ["AWS_ACCESS_KEY_ID"] = devstack.S3RVER_CREDENTIALS
    os.environ["AWS_SECRET_ACCESS_KEY"] = devstack.S3RVER_CREDENTIALS
    work = Path(tempfile.mkdtemp(prefix="bench-resumes-"))
    try:
        endpoint, stop_s3 = devstack.start_s3(work / "s3", bucket=BUCKET)
        try:
            rows = presign_rows(endpoint, calls) + round_trip_rows(endpoint, database, rounds)
        finally:
            stop_s3()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    emit_rows(rows)


if __name__ == "__main__":
    main()
