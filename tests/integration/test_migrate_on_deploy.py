"""The migrate function as CloudFormation's custom resource: it migrates on Create and
Update, answers SUCCESS or FAILED by PUTting to the ResponseURL (a real local HTTP server
here), never migrates on Delete or a rollback (a database ahead of the code), and waits for any other migrate's advisory
lock instead of racing it."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import create_engine, pool, text

from jobtrack import migrate_handler
from jobtrack.platform.db.migration_lock import MIGRATION_LOCK_KEY as LOCK_KEY
from jobtrack.platform.settings import get_settings
from tests.conftest import ROOT, server_url

_databases = itertools.count()


class CloudFormationStandIn(ThreadingHTTPServer):
    """Receives the responses the way CloudFormation's presigned S3 URL would."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Receiver)
        self.responses: list[dict[str, Any]] = []
        self.content_types: list[str | None] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/response?X-Amz-Signature=abc"


class _Receiver(BaseHTTPRequestHandler):
    server: CloudFormationStandIn

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.responses.append(json.loads(body))
        self.server.content_types.append(self.headers.get("Content-Type"))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def cloudformation() -> Iterator[CloudFormationStandIn]:
    server = CloudFormationStandIn()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def empty_database(pg_server: Any) -> str:
    name = f"jobtrack_migrate_{next(_databases)}"
    admin = create_engine(server_url(pg_server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return server_url(pg_server).replace("/postgres?", f"/{name}?", 1)


def _use_database(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    yield
    get_settings.cache_clear()


class _Context:
    def __init__(self, remaining_ms: int = 300_000) -> None:
        self.remaining_ms = remaining_ms

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


def _event(request_type: str, url: str, **extra: Any) -> dict[str, Any]:
    return {
        "RequestType": request_type,
        "ResponseURL": url,
        "StackId": "arn:aws:cloudformation:eu-west-1:123456789012:stack/track-prod/abc",
        "RequestId": "req-1",
        "LogicalResourceId": "MigrateOnDeploy",
        "ResourceType": "Custom::Migrate",
        "ResourceProperties": {"ServiceToken": "arn:fn", "Deploy": "1795708806596"},
        **extra,
    }


def _revision(url: str) -> str | None:
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as conn:
        revision = None
        if conn.execute(text("SELECT to_regclass('alembic_version')")).scalar() is not None:
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()
    return revision


def test_create_migrates_to_head_and_answers_success(
    cloudformation: CloudFormationStandIn, empty_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use_database(monkeypatch, empty_database)
    migrate_handler.handler(_event("Create", cloudformation.url), _Context())

    [answer] = cloudformation.responses
    assert answer["Status"] == "SUCCESS", answer
    assert answer["Data"]["current"] == answer["Data"]["head"] == _revision(empty_database)
    assert answer["Data"]["previous"] == "None"
    assert (answer["RequestId"], answer["LogicalResourceId"]) == ("req-1", "MigrateOnDeploy")
    assert answer["StackId"].endswith("stack/track-prod/abc")
    assert answer["PhysicalResourceId"] == "migrate"
    # The presigned URL signs no content type: sending one would break the signature.
    assert cloudformation.content_types == [""]


def test_update_keeps_the_physical_id_so_no_delete_follows(
    cloudformation: CloudFormationStandIn, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use_database(monkeypatch, database_url)
    old = {"ServiceToken": "arn:fn", "Deploy": "1795708800000"}
    event = _event(
        "Update", cloudformation.url, PhysicalResourceId="migrate", OldResourceProperties=old
    )
    migrate_handler.handler(event, _Context())
    [answer] = cloudformation.responses
    assert answer["Status"] == "SUCCESS"
    assert answer["PhysicalResourceId"] == "migrate"
    assert answer["Data"]["upgraded"] == "False"


def test_an_unreachable_database_answers_failed_with_the_reason(
    cloudformation: CloudFormationStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use_database(monkeypatch, "postgresql+psycopg2://track:secret@127.0.0.1:9/none")
    result = migrate_handler.handler(_event("Create", cloudformation.url), _Context())

    [answer] = cloudformation.responses
    assert answer["Status"] == "FAILED"
    assert answer["Reason"].startswith("migration failed: OperationalError")
    assert "127.0.0.1" in answer["Reason"]
    assert len(json.dumps(answer)) < 4096  # CloudFormation's limit on a response
    assert result == answer  # the function itself returns normally: no async retry


def test_missing_owner_credentials_answer_failed_naming_what_to_set(
    cloudformation: CloudFormationStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MIGRATE_SECRET_ARN", raising=False)
    _use_database(monkeypatch, "")
    migrate_handler.handler(_event("Update", cloudformation.url), _Context())
    [answer] = cloudformation.responses
    assert answer["Status"] == "FAILED"
    assert "OwnerNotConfigured: no owner credentials: set MIGRATE_SECRET_ARN" in answer["Reason"]


def test_delete_answers_success_without_touching_the_database(
    cloudformation: CloudFormationStandIn, empty_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use_database(monkeypatch, empty_database)
    event = _event("Delete", cloudformation.url, PhysicalResourceId="migrate")
    migrate_handler.handler(event, _Context())
    [answer] = cloudformation.responses
    assert (answer["Status"], answer["PhysicalResourceId"]) == ("SUCCESS", "migrate")
    assert _revision(empty_database) is None


def test_a_rollback_finds_the_database_ahead_of_its_code_and_leaves_it(
    cloudformation: CloudFormationStandIn, empty_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The rolled-back (older) code meets a schema a newer release migrated to: a revision
    # its scripts do not know. It answers SUCCESS and changes nothing.
    _use_database(monkeypatch, empty_database)
    engine = create_engine(empty_database, poolclass=pool.NullPool)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE alembic_version (version_num varchar(32))"))
        connection.execute(text("INSERT INTO alembic_version VALUES ('9999_from_the_future')"))
    engine.dispose()
    old = {"ServiceToken": "arn:fn", "Deploy": "1795708800000"}
    event = _event("Update", cloudformation.url, OldResourceProperties=old)
    migrate_handler.handler(event, _Context())
    [answer] = cloudformation.responses
    assert answer["Status"] == "SUCCESS"
    assert answer["Reason"].startswith("rollback: the database (at 9999_from_the_future)")
    assert _revision(empty_database) == "9999_from_the_future"


def test_an_update_migrates_whatever_the_build_machines_clocks_said(
    cloudformation: CloudFormationStandIn, empty_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The new template's build time is EARLIER than the old one's (a laptop's clock behind
    # CI's): not a rollback, the database is behind the code, so it is migrated.
    _use_database(monkeypatch, empty_database)
    newer = {"ServiceToken": "arn:fn", "Deploy": "1795708899999"}
    event = _event("Update", cloudformation.url, OldResourceProperties=newer)
    migrate_handler.handler(event, _Context())
    [answer] = cloudformation.responses
    assert answer["Status"] == "SUCCESS"
    assert answer["Data"]["upgraded"] == "True"
    assert _revision(empty_database) == answer["Data"]["head"]


def test_a_migration_outliving_the_function_answers_failed_before_the_timeout(
    cloudformation: CloudFormationStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()

    def stuck() -> dict[str, Any]:
        release.wait(10)
        return {"current": "x"}

    monkeypatch.setattr(migrate_handler, "migrate", stuck)
    monkeypatch.setattr(migrate_handler, "TIMEOUT_MARGIN_S", 0.0)
    worker = threading.Thread(
        target=migrate_handler.handler,
        args=(_event("Create", cloudformation.url), _Context(remaining_ms=1000)),
    )
    worker.start()
    deadline = time.monotonic() + 5
    while not cloudformation.responses and time.monotonic() < deadline:
        time.sleep(0.05)
    release.set()
    worker.join(5)
    [answer] = cloudformation.responses  # one answer only: the late SUCCESS is not sent
    assert answer["Status"] == "FAILED"
    assert "did not finish" in answer["Reason"]


def test_a_direct_invoke_still_migrates_and_returns_the_result(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use_database(monkeypatch, database_url)
    result = migrate_handler.handler({}, None)
    assert result["current"] == result["head"]
    assert result["upgraded"] is False


def _migrate_in_a_process(url: str) -> subprocess.Popen[str]:
    """A migrate in its own process, as in its own Lambda environment (Alembic's context
    is process-global, so two runs in one process's threads would trip over each other)."""
    code = "import json; from jobtrack.migrate_handler import handler; print(json.dumps(handler({}, None)))"
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT / "backend")}
    return subprocess.Popen(
        [sys.executable, "-c", code], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True
    )


def _waiting_for_the_lock(conn: Any) -> int:
    return int(
        conn.execute(
            text(
                "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                " WHERE l.locktype = 'advisory' AND NOT l.granted"
                " AND d.datname = current_database()"
            )
        ).scalar_one()
    )


def test_a_second_migrate_waits_for_the_first_and_both_succeed(empty_database: str) -> None:
    holder = create_engine(empty_database, poolclass=pool.NullPool)
    with holder.connect() as lock_conn:
        # The test holds the lock, as a migrate already running would.
        lock_conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": LOCK_KEY})
        lock_conn.commit()
        runs = [_migrate_in_a_process(empty_database) for _ in range(2)]
        deadline = time.monotonic() + 30
        while _waiting_for_the_lock(lock_conn) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _waiting_for_the_lock(lock_conn) == 2, "the migrates did not queue on the lock"
        assert all(run.poll() is None for run in runs)
        assert _revision(empty_database) is None  # nothing ran while the lock was held
        lock_conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
        lock_conn.commit()
    holder.dispose()

    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    results = [json.loads(out.strip().splitlines()[-1]) for out in outputs]
    head = results[0]["head"]
    assert all(r["current"] == head for r in results)
    # One upgraded the empty database, the other found it at head once the first let go.
    assert sorted(r["upgraded"] for r in results) == [False, True]


def test_migrate_refuses_a_remote_database_without_verified_tls_as_the_api_does(
    cloudformation: CloudFormationStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The owner's credentials must not cross a network unverified either; `?hostaddr=` cannot
    # make a remote database look local.
    monkeypatch.setenv("AUTH_MODE", "cognito")
    monkeypatch.setenv("COGNITO_USER_POOL_ID", "us-east-1_Example")
    monkeypatch.setenv("COGNITO_CLIENT_ID", "client")
    monkeypatch.delenv("DB_SSL_MODE", raising=False)
    _use_database(
        monkeypatch, "postgresql+psycopg2://owner:pw@localhost/track?hostaddr=203.0.113.7"
    )
    migrate_handler.handler(_event("Create", cloudformation.url), _Context())
    [answer] = cloudformation.responses
    assert answer["Status"] == "FAILED"
    assert "InsecureDatabaseConnection" in answer["Reason"]
    assert "DB_SSL_MODE=verify-full" in answer["Reason"]
