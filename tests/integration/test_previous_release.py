"""Expand/contract made real: the previous release's code runs against this release's schema.

A deploy migrates first and only then shifts traffic (docs/deploy.md, "Order on deploy"), and
a rollback leaves the schema where it is: for a while the previous release's API serves the
new schema. So the previous release's own code, taken from git (`PREVIOUS_RELEASE`), is run
against a database migrated to this checkout's head: it must create, edit, list, export,
import, undo and delete as before, and what it wrote must read correctly with the new code.

When a release lands, move `PREVIOUS_RELEASE` to it (CONTRIBUTING.md, "Releases").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from tests.conftest import ROOT, run_alembic, server_url

# The last release that reached main (the commit CI last landed).
PREVIOUS_RELEASE = "51bfbf0f7d1a0dd88d4a2e77c9b7db8b5c8a69f4"

OLD_CODE_SCRIPT = r"""
import json, logging, sys
logging.basicConfig(level=logging.WARNING)
sys.path.insert(0, sys.argv[1])
from fastapi.testclient import TestClient
import jobtrack
from jobtrack.main import create_app

# As a deployed API, from its environment (DATABASE_URL, AUTH_MODE, DEV_JWT_SECRET).
seen = {"code": jobtrack.__file__}
with TestClient(create_app()) as client:
    token = client.post("/api/auth/dev-token", json={"sub": "old-release-user"}).json()
    headers = {"Authorization": "Bearer " + token["access_token"]}

    def call(name, method, path, **kwargs):
        response = client.request(method, path, headers=headers, **kwargs)
        seen[name] = response.status_code
        return response

    created = call("create", "POST", "/api/tracked",
               json={"company": "Acme", "title": "Engineer", "job_url": "https://acme.example/1",
                     "notes": {"salary": "60k"}})
    if created.status_code != 201:
        sys.exit("create: " + str(created.status_code) + " " + created.text)
    job = created.json()
    base = "/api/tracked/" + str(job["id"])
    call("applied", "POST", base + "/events", json={"event_type": "applied", "event_date": "2026-11-02"})
    interview = call("interview", "POST", base + "/events",
                     json={"event_type": "interview", "event_date": "2026-11-09",
                           "note": {"round": 1}}).json()
    call("patch", "PATCH", base, json={"notes": {"salary": "65k", "location": "Berlin"}})
    call("list", "GET", "/api/tracked")
    call("get", "GET", base)
    undone = call("undo", "DELETE", base + "/events/" + str(interview["events"][-1]["id"]))
    call("calendar", "GET", "/api/calendar", params={"from": "2026-11-01", "to": "2026-11-30"})
    call("insights", "GET", "/api/insights")
    exported = call("export", "GET", "/api/export").json()
    other = dict(exported, jobs=[dict(exported["jobs"][0], company="Beta")])
    call("import", "POST", "/api/import", json=other)
    gone = call("create-2", "POST", "/api/tracked", json={"company": "Gone", "title": "X"}).json()
    call("delete", "DELETE", "/api/tracked/" + str(gone["id"]))
    seen["jobs"] = sorted(j["company"] for j in call("list-2", "GET", "/api/tracked").json()["items"])
print(json.dumps(seen))
"""


@pytest.fixture(scope="module")
def previous_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The previous release's backend/ and alembic.ini, from git."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", PREVIOUS_RELEASE, "backend", "alembic.ini"],
        capture_output=True,
    )
    if archive.returncode != 0:
        pytest.fail(
            f"git cannot read the previous release {PREVIOUS_RELEASE[:12]} (a shallow clone?): "
            + archive.stderr.decode()[-500:]
        )
    target = tmp_path_factory.mktemp("previous-release")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target


@pytest.fixture
def new_schema_url(pg_server: Any) -> Iterator[str]:
    name = f"jobtrack_prev_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url(pg_server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = server_url(pg_server, name)
    run_alembic(url, "upgrade", "head")  # this checkout's head
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_the_previous_release_works_on_this_schema_and_its_rows_read_with_the_new_code(
    previous_release: Path, new_schema_url: str
) -> None:
    environment = {"DATABASE_URL": new_schema_url, "AUTH_MODE": "dev", "DEV_JWT_SECRET": "s" * 40}
    completed = subprocess.run(
        [sys.executable, "-c", OLD_CODE_SCRIPT, str(previous_release / "backend")],
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    seen = json.loads(completed.stdout.strip().splitlines()[-1])
    assert Path(seen.pop("code")).is_relative_to(previous_release), "ran the new code"
    assert seen.pop("jobs") == ["Acme", "Beta"]
    assert seen == {
        "create": 201,
        "applied": 201,
        "interview": 201,
        "patch": 200,
        "list": 200,
        "get": 200,
        "undo": 200,  # the job, rolled back
        "calendar": 200,
        "insights": 200,
        "export": 200,
        "import": 201,
        "create-2": 201,
        "delete": 204,
        "list-2": 200,
    }

    # The rows the old code wrote read with the new code, new columns at their defaults.
    from jobtrack.platform.settings import Settings
    from tests.conftest import app_in_test_transaction

    settings = Settings(auth_mode="dev", database_url=new_schema_url, dev_jwt_secret="s" * 40)
    engine = create_engine(new_schema_url)
    try:
        with engine.connect() as connection:
            app = app_in_test_transaction(settings, connection)
            with TestClient(app) as client:
                token = client.post("/api/auth/dev-token", json={"sub": "old-release-user"})
                headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
                listed = client.get("/api/tracked", headers=headers)
                assert listed.status_code == 200, listed.text
                [acme] = [job for job in listed.json()["items"] if job["company"] == "Acme"]
                job = client.get(f"/api/tracked/{acme['id']}", headers=headers).json()
    finally:
        engine.dispose()
    assert job["stage"] == "applied"
    assert job["notes"]["location"] == "Berlin"
    assert [event["event_type"] for event in job["events"]] == ["applied"]

    assert (job["priority"], job["tags"], job["contacts"]) == (0, [], [])
    assert job["events"][0]["inferred"] is False
