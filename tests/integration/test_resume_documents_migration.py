"""Migration 0017 over real rows and real objects in s3rver: existing resumes become library
documents of kind `resume` with their measured size, and walk down and up again."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, text

from jobtrack.platform.aws.object_store import ObjectStore
from tests.conftest import ROOT
from tests.integration import test_migrations as migrations
from tests.integration import test_resumes as resume_flow

s3_endpoint = resume_flow.s3_endpoint
storage = resume_flow.storage
fresh_url = migrations.fresh_url

BEFORE = "0016_documents_account_push"
REVISION = "0017_resume_documents"


def alembic(url: str, store: ObjectStore | None, *args: str) -> None:
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = url
    config.attributes["configure_logger"] = False
    config.attributes["object_store"] = store
    getattr(command, args[0])(config, *args[1:])


@pytest.fixture
def engine_at_0016(fresh_url: str) -> Iterator[Engine]:
    alembic(fresh_url, None, "upgrade", BEFORE)
    engine = create_engine(fresh_url)
    yield engine
    engine.dispose()


def _job(conn: Any, user_id: str, company: str, key: str | None, filename: str | None) -> int:
    notes = {"resume_filename": filename} if filename else {}
    return int(
        conn.execute(
            text(
                "INSERT INTO job_tracking (user_id, company, title, notes, resume_key)"
                " VALUES (:user_id, :company, 'Engineer', CAST(:notes AS jsonb), :key)"
                " RETURNING id"
            ),
            {"user_id": user_id, "company": company, "notes": json.dumps(notes), "key": key},
        ).scalar_one()
    )


def _documents(conn: Any) -> list[tuple[Any, ...]]:
    return [
        tuple(row)
        for row in conn.execute(
            text(
                "SELECT d.user_id, d.kind, d.name, d.filename, d.content_type, d.size, d.key,"
                " jd.job_id, jd.position FROM documents d"
                " LEFT JOIN job_documents jd ON jd.document_id = d.id ORDER BY d.key"
            )
        )
    ]


def test_existing_resumes_become_documents_with_their_size_and_walk_down_and_up(
    fresh_url: str, engine_at_0016: Engine, storage: ObjectStore
) -> None:
    client = storage.client
    ada_key = "resumes/mig-ada/1/a.pdf"
    bob_key = "resumes/mig-bob/2/b.pdf"
    gone_key = "resumes/mig-ada/3/gone.pdf"
    client.put_object(Bucket=storage.bucket, Key=ada_key, Body=b"%PDF-1.7 ada" * 10)
    client.put_object(Bucket=storage.bucket, Key=bob_key, Body=b"%PDF-1.4 bob")
    with engine_at_0016.begin() as conn:
        ada = _job(conn, "ada", "Acme", ada_key, "CV Ada — Acme.pdf")
        bob = _job(conn, "bob", "Beta", bob_key, None)
        _job(conn, "ada", "Gone", gone_key, "gone.pdf")
        _job(conn, "ada", "No resume", None, None)
        # A document ada already attached to her job stays first.
        letter = conn.execute(
            text(
                "INSERT INTO documents (user_id, kind, name, filename, content_type, size, key)"
                " VALUES ('ada', 'cover_letter', 'Letter', 'l.txt', 'text/plain', 3,"
                " 'documents/mig-ada/l.txt') RETURNING id"
            )
        ).scalar_one()
        conn.execute(
            text("INSERT INTO job_documents VALUES (:job, :doc, 0)"), {"job": ada, "doc": letter}
        )
        before = _documents(conn)

    alembic(fresh_url, storage, "upgrade", REVISION)
    with engine_at_0016.connect() as conn:
        after = _documents(conn)
        resumes = conn.execute(text("SELECT id, resume_key FROM job_tracking ORDER BY id")).all()
    assert sorted(set(after) - set(before)) == [
        ("ada", "resume", "CV Ada — Acme.pdf", "CV Ada — Acme.pdf", "application/pdf", 120,
         ada_key, ada, 1),
        ("bob", "resume", "resume.pdf", "resume.pdf", "application/pdf", 12, bob_key, bob, 0),
    ]  # fmt: skip
    # The gone object got no document, and every job keeps its resume key.
    assert gone_key not in {row[6] for row in after}
    assert [row.resume_key for row in resumes] == [ada_key, bob_key, gone_key, None]

    # Down: the resume documents go, the jobs keep their resumes; up again: the same rows.
    alembic(fresh_url, storage, "downgrade", BEFORE)
    with engine_at_0016.connect() as conn:
        assert _documents(conn) == before
        assert [r.resume_key for r in conn.execute(text("SELECT resume_key FROM job_tracking ORDER BY id"))] == [
            ada_key, bob_key, gone_key, None,
        ]  # fmt: skip
    alembic(fresh_url, storage, "upgrade", "head")
    with engine_at_0016.connect() as conn:
        assert _documents(conn) == after
    # The objects were only measured, never moved.
    assert storage.head(ada_key) is not None
    assert storage.head(bob_key) is not None


def test_an_unreachable_bucket_fails_the_migration_and_changes_nothing(
    fresh_url: str, engine_at_0016: Engine
) -> None:
    class Unreachable(ObjectStore):
        def head(self, key: str) -> Any:
            raise OSError("no route to S3")

    with engine_at_0016.begin() as conn:
        _job(conn, "ada", "Acme", "resumes/mig-ada/9/x.pdf", "x.pdf")
    with pytest.raises(RuntimeError, match=r"could not measure resume resumes/mig-ada/9/x\.pdf"):
        alembic(fresh_url, Unreachable(bucket="none", client=lambda: None), "upgrade", REVISION)  # type: ignore[arg-type,return-value]
    with engine_at_0016.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == BEFORE
        assert _documents(conn) == []
