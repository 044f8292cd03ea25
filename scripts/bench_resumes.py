"""Resume figures: presign time per call, and the confirm round trip on s3rver + PostgreSQL.

`make bench-resumes`. Starts its own s3rver and embedded PostgreSQL in a temporary directory;
the API runs in process (Starlette's TestClient), the PUTs and GETs go to s3rver over HTTP.
A measurement, not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "backend"))

import devstack

BUCKET = "bench-resumes"
PDF = b"%PDF-1.7\n" + b"0" * 200_000 + b"\n%%EOF\n"


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def summary(label: str, seconds: list[float], unit: str = "ms") -> str:
    scale = 1e6 if unit == "µs" else 1e3
    values = sorted(s * scale for s in seconds)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return (
        f"{label:<34} median {statistics.median(values):8.1f} {unit}   "
        f"p95 {p95:8.1f} {unit}   (n={len(values)})"
    )


def bench_presign(endpoint: str, calls: int) -> None:
    started = time.perf_counter()
    import boto3  # noqa: F401  (the import a cold start avoids until S3 is needed)

    import_s = time.perf_counter() - started

    from jobtrack.resumes import service
    from jobtrack.resumes.storage import ResumeStorage, get_client, reset_client
    from jobtrack.settings import Settings

    settings = Settings(s3_endpoint_url=endpoint, aws_region="us-east-1", resume_bucket=BUCKET)
    reset_client()
    client_s = timed(lambda: get_client(settings))
    storage = ResumeStorage(bucket=BUCKET, client=lambda: get_client(settings))
    key = service.pending_key(user_id="bench", job_id=1, token="0" * 32)
    disposition = service.content_disposition("inline", "Lebenslauf Müller.pdf")

    uploads = [timed(lambda: storage.presign_upload(key, size=123_456)) for _ in range(calls)]
    downloads = [
        timed(lambda: storage.presign_download(key, content_disposition=disposition))
        for _ in range(calls)
    ]
    print(f"{'import boto3 (first time)':<34} {import_s * 1e3:8.1f} ms")
    print(f"{'first S3 client':<34} {client_s * 1e3:8.1f} ms")
    print(summary("presign_upload (PUT) per call", uploads, "µs"))
    print(summary("presign_download (GET) per call", downloads, "µs"))


def bench_round_trip(endpoint: str, data_dir: Path, rounds: int) -> None:
    import httpx
    from fastapi.testclient import TestClient

    from jobtrack import db
    from jobtrack.auth.tokens import issue_dev_token
    from jobtrack.main import create_app
    from jobtrack.settings import Settings, get_settings

    url, stop_postgres = devstack.start_postgres(data_dir)
    try:
        devstack.migrate(url)
        settings = Settings(
            database_url=url,
            auth_mode="dev",
            dev_jwt_secret="bench-secret-0123456789-0123456789",
            s3_endpoint_url=endpoint,
            resume_bucket=BUCKET,
            aws_region="us-east-1",
        )
        db.set_engine(db.build_engine(settings))
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
        print(summary("GET upload-url (API)", issue[1:]))
        print(summary(f"PUT {len(PDF) // 1000} kB to s3rver", put[1:]))
        print(summary("POST confirm round trip (API+S3)", confirm[1:]))
        print(summary("GET resume/url (API)", download[1:]))
    finally:
        db.set_engine(None)
        stop_postgres()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=2_000, help="presign calls to time")
    parser.add_argument("--rounds", type=int, default=30, help="upload+confirm rounds to time")
    args = parser.parse_args()

    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    os.environ.setdefault("AWS_ACCESS_KEY_ID", devstack.S3RVER_CREDENTIALS)
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", devstack.S3RVER_CREDENTIALS)
    work = Path(tempfile.mkdtemp(prefix="bench-resumes-"))
    work.chmod(0o755)  # the embedded PostgreSQL runs as its own user when started by root
    try:
        endpoint, stop_s3 = devstack.start_s3(work / "s3", bucket=BUCKET)
        try:
            bench_presign(endpoint, args.calls)
            bench_round_trip(endpoint, work, args.rounds)
        finally:
            stop_s3()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
