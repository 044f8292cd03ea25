"""The calendar's revisions: 0008 copies each event's owner (backfilled, then kept by a trigger)
and indexes the dates; 0009 adds calendar_feeds. Both go down and up again over existing rows.

(tests/integration/test_migrations.py walks every revision one step at a time as well.)
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import IntegrityError

from tests.conftest import run_alembic, server_url

BEFORE = "0007_idempotency_keys"
OWNER = "0008_event_owner_and_dates"
FEEDS = "0009_calendar_feeds"
INDEXES = {
    "ix_tracking_events_user_id_event_date",
    "ix_tracking_events_user_id_offer_deadline",
    "ix_tracking_events_user_id_start_date",
}


@pytest.fixture
def database(pg_server: Any) -> Iterator[tuple[str, Engine]]:
    name = f"jobtrack_cal_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url(pg_server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = server_url(pg_server, name)
    engine = create_engine(url)
    yield url, engine
    engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _events(conn: Connection) -> list[tuple[Any, ...]]:
    return [
        tuple(row)
        for row in conn.execute(
            text(
                "SELECT id, job_id, event_type::text, event_date, event_time, note"
                " FROM tracking_events ORDER BY id"
            )
        )
    ]


def _owners(conn: Connection) -> dict[int, str]:
    rows = conn.execute(text("SELECT id, user_id FROM tracking_events ORDER BY id"))
    return {row.id: row.user_id for row in rows}


def _state(conn: Connection) -> dict[str, Any]:
    def scalar_set(sql: str) -> set[str]:
        return set(conn.execute(text(sql)).scalars())

    return {
        "columns": scalar_set(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = 'tracking_events'"
        ),
        "indexes": scalar_set(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'tracking_events'"
        )
        & INDEXES,
        "triggers": scalar_set(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'tracking_events'::regclass"
            " AND NOT tgisinternal"
        ),
        "functions": scalar_set(
            "SELECT proname FROM pg_proc WHERE proname = 'tracking_events_owner'"
        ),
        "feeds": conn.execute(text("SELECT to_regclass('public.calendar_feeds')")).scalar(),
    }


def test_event_owners_are_backfilled_kept_by_the_database_and_removed_cleanly(
    database: tuple[str, Engine],
) -> None:
    url, engine = database
    run_alembic(url, "upgrade", BEFORE)
    with engine.begin() as conn:
        jobs = {
            user: conn.execute(
                text(
                    "INSERT INTO job_tracking (user_id, company, title, stage)"
                    " VALUES (:user, 'Acme', 'Eng', 'offer') RETURNING id"
                ),
                {"user": user},
            ).scalar_one()
            for user in ("alice", "bob")
        }
        for user, job_id in jobs.items():
            conn.execute(
                text(
                    "INSERT INTO tracking_events (job_id, event_type, event_date, event_time, note)"
                    " VALUES (:id, 'applied', '2026-03-01', '09:30', '{}'),"
                    " (:id, 'offer', '2026-03-05', NULL, CAST(:note AS jsonb))"
                ),
                {"id": job_id, "note": f'{{"deadline": "2026-03-1{len(user)}", "amount": "1"}}'},
            )
        before = _events(conn)

    run_alembic(url, "upgrade", OWNER)
    with engine.begin() as conn:
        state = _state(conn)
        assert "user_id" in state["columns"]
        assert state["indexes"] == INDEXES
        assert state["triggers"] == {"tracking_events_owner"}
        assert state["feeds"] is None
        assert _events(conn) == before
        owners = _owners(conn)
        by_job: dict[int, int] = {
            row.id: row.job_id
            for row in conn.execute(text("SELECT id, job_id FROM tracking_events"))
        }
        assert owners == {
            event: ("alice" if by_job[event] == jobs["alice"] else "bob") for event in owners
        }
        nullable = conn.execute(
            text(
                "SELECT is_nullable FROM information_schema.columns"
                " WHERE table_name = 'tracking_events' AND column_name = 'user_id'"
            )
        ).scalar()
        assert nullable == "NO"
        # Inserts that leave the owner out (or get it wrong) take the job's owner.
        left_out, wrong = (
            conn.execute(
                text(
                    "INSERT INTO tracking_events (job_id, event_type, event_date, user_id)"
                    " VALUES (:id, 'screening', '2026-03-02', :user) RETURNING id"
                ),
                {"id": jobs["alice"], "user": user},
            ).scalar_one()
            for user in (None, "mallory")
        )
        owners = _owners(conn)
        assert owners[left_out] == owners[wrong] == "alice"
        conn.execute(
            text("UPDATE tracking_events SET job_id = :bob WHERE id = :id"),
            {"bob": jobs["bob"], "id": wrong},
        )
        assert _owners(conn)[wrong] == "bob"
        conn.execute(
            text("DELETE FROM tracking_events WHERE id IN (:a, :b)"), {"a": left_out, "b": wrong}
        )

    run_alembic(url, "upgrade", FEEDS)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO calendar_feeds (user_id, secret_hash, timezone)"
                " VALUES ('alice', repeat('a', 64), 'Europe/Berlin')"
            )
        )
    for duplicate in ("('alice', repeat('b', 64), 'UTC')", "('bob', repeat('a', 64), 'UTC')"):
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(
                text(
                    f"INSERT INTO calendar_feeds (user_id, secret_hash, timezone) VALUES {duplicate}"
                )
            )

    run_alembic(url, "downgrade", BEFORE)
    with engine.connect() as conn:
        state = _state(conn)
        assert "user_id" not in state["columns"]
        assert state["indexes"] == set()
        assert state["triggers"] == set()
        assert state["functions"] == set()
        assert state["feeds"] is None
        assert _events(conn) == before

    run_alembic(url, "upgrade", "head")
    with engine.connect() as conn:
        assert _events(conn) == before
        assert set(_owners(conn).values()) == {"alice", "bob"}
        assert _state(conn)["feeds"] == "calendar_feeds"
    run_alembic(url, "check")
