"""Alembic history: every revision reverses, and legacy rows survive upgrade, downgrade, upgrade.

Each test migrates its own fresh database in the session's embedded PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from jobtrack.main import create_app
from jobtrack.platform.db import session as db
from jobtrack.platform.settings import Settings
from jobtrack.tracking.stages import Stage
from tests.conftest import ROOT, TEST_SECRET, auth, run_alembic, server_url

BASELINE = "0001_baseline"
BASELINE_STAGES = ["saved", "applied", "screening", "offer", "rejected", "accepted"]
BASELINE_COLUMNS = {
    "id",
    "user_id",
    "company",
    "title",
    "job_url",
    "stage",
    "notes",
    "created_at",
    "updated_at",
}
LEGACY_USER = "legacy-user"

MULTILINE = (
    "Offer: 120 000 € + 10 % bonus\n"
    "Recruiter: Zoë Ångström — 日本語 ✓ 🚀\n"
    "\n"
    "  indented line\twith a tab\r\n"
    'quotes \' " and a backslash \\ and {"general_note": "not json"}'
)

# (stage, notes text, updated_at) for rows written by the pre-feature app.
LEGACY_ROWS: list[tuple[str, str | None, str]] = [
    ("saved", None, "2025-10-01 09:00:00+00"),
    ("applied", "Applied via the careers page.", "2025-10-02 10:00:00+00"),
    ("screening", "", "2025-10-03 11:00:00+00"),
    ("offer", MULTILINE, "2025-10-04 12:00:00+00"),
    ("rejected", "They went with someone else.", "2025-10-05 13:00:00+00"),
    # 02:30 UTC is the evening before in New York: the event takes the UTC date.
    ("accepted", "   ", "2025-11-04 02:30:00+00"),
    ("saved", "Just an idea", "2025-10-07 15:00:00+00"),
]


# The newest revision that changes the schema (the ones after it only move data).
LATEST_SCHEMA_REVISION = "0016_documents_account_push"


def _admin(pg_server: Any) -> Engine:
    return create_engine(server_url(pg_server), isolation_level="AUTOCOMMIT")


@pytest.fixture
def fresh_url(pg_server: Any) -> Iterator[str]:
    name = f"jobtrack_mig_{uuid.uuid4().hex[:12]}"
    admin = _admin(pg_server)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
        # A non-UTC server zone, so nothing may depend on the session time zone.
        conn.execute(text(f"ALTER DATABASE \"{name}\" SET timezone = 'America/New_York'"))
    yield server_url(pg_server, name)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def fresh_engine(fresh_url: str) -> Iterator[Engine]:
    engine = create_engine(fresh_url)
    yield engine
    engine.dispose()


def _current_revision(conn: Connection) -> str | None:
    if conn.execute(text("SELECT to_regclass('public.alembic_version')")).scalar() is None:
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _insert_legacy(conn: Connection) -> list[int]:
    ids = []
    for n, (stage, notes, updated_at) in enumerate(LEGACY_ROWS):
        ids.append(
            conn.execute(
                text(
                    "INSERT INTO job_tracking (user_id, company, title, job_url, stage, notes,"
                    " created_at, updated_at)"
                    " VALUES (:user, :company, :title, :url, :stage, :notes,"
                    " CAST(:updated_at AS timestamptz) - interval '3 days',"
                    " CAST(:updated_at AS timestamptz))"
                    " RETURNING id"
                ),
                {
                    "user": LEGACY_USER,
                    "company": f"Company {n} — Ünïcode",
                    "title": f"Title {n}",
                    "url": f"https://example.com/{n}" if n % 2 else None,
                    "stage": stage,
                    "notes": notes,
                    "updated_at": updated_at,
                },
            ).scalar_one()
        )
    # id, created_at and updated_at are filled by the database when omitted.
    ids.append(
        conn.execute(
            text(
                "INSERT INTO job_tracking (user_id, company, title, stage, notes)"
                " VALUES ('other-user', 'Defaults Inc', 'Minimal', 'applied', 'defaults')"
                " RETURNING id"
            )
        ).scalar_one()
    )
    return ids


def _snapshot(conn: Connection) -> dict[int, dict[str, Any]]:
    """Every job with its events (event ids left out: they are not stable across upgrades)."""
    jobs = {
        row.id: dict(row._mapping)
        for row in conn.execute(
            text(
                "SELECT id, user_id, company, title, job_url, stage::text AS stage, notes,"
                " created_at, updated_at FROM job_tracking ORDER BY id"
            )
        )
    }
    for job in jobs.values():
        job["events"] = []
    for row in conn.execute(
        text(
            "SELECT job_id, event_type::text AS event_type, event_date, event_time, location,"
            " note FROM tracking_events ORDER BY job_id, id"
        )
    ):
        event = dict(row._mapping)
        jobs[event.pop("job_id")]["events"].append(event)
    return jobs


def _utc_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(dt.UTC).date()


def _assert_stage_rule_holds(jobs: dict[int, dict[str, Any]]) -> None:
    for job in jobs.values():
        types = [e["event_type"] for e in job["events"]]
        assert job["stage"] == (types[-1] if types else "saved"), job


def _enum_labels(conn: Connection, name: str) -> list[str]:
    return list(
        conn.execute(
            text(
                "SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid"
                " WHERE t.typname = :name ORDER BY e.enumsortorder"
            ),
            {"name": name},
        ).scalars()
    )


@contextmanager
def _api(url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=url, auth_mode="dev", dev_jwt_secret=TEST_SECRET)
    engine = db.build_engine(settings)
    factory = sessionmaker(engine, expire_on_commit=False)
    app = create_app(settings)

    async def session() -> AsyncIterator[Session]:
        async with db.unit_of_work(factory()) as s:
            yield s

    app.dependency_overrides[db.get_session] = session
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            yield client
    finally:
        engine.dispose()


def test_legacy_rows_upgrade_downgrade_and_upgrade_again(
    fresh_url: str, fresh_engine: Engine
) -> None:
    run_alembic(fresh_url, "upgrade", BASELINE)
    with fresh_engine.begin() as conn:
        assert _current_revision(conn) == BASELINE
        assert _enum_labels(conn, "tracking_stage") == BASELINE_STAGES
        legacy_ids = _insert_legacy(conn)
        baseline = {
            row.id: dict(row._mapping)
            for row in conn.execute(
                text(
                    "SELECT id, user_id, company, title, job_url, stage::text AS stage, notes,"
                    " created_at, updated_at FROM job_tracking"
                )
            )
        }

    # ---- upgrade to head -------------------------------------------------------------------
    run_alembic(fresh_url, "upgrade", "head")
    with fresh_engine.connect() as conn:
        first = _snapshot(conn)
    assert sorted(first) == sorted(legacy_ids)
    for job_id, old in baseline.items():
        job = first[job_id]
        for column in ("user_id", "company", "title", "job_url", "stage", "created_at"):
            assert job[column] == old[column], (job_id, column)
        assert job["updated_at"] == old["updated_at"]
        text_note = old["notes"]
        if text_note is None or not text_note.strip():
            assert job["notes"] == {}, job_id
        else:
            assert job["notes"] == {"general_note": text_note}, job_id
        if old["stage"] == "saved":
            assert job["events"] == [], job_id
        else:
            assert len(job["events"]) == 1, job_id
            (event,) = job["events"]
            assert event["event_type"] == old["stage"]
            assert event["event_date"] == _utc_date(old["updated_at"]), job_id
            assert event["note"] == {}
    _assert_stage_rule_holds(first)
    accepted_id = legacy_ids[[s for s, _, _ in LEGACY_ROWS].index("accepted")]
    assert first[accepted_id]["events"][0]["event_date"] == dt.date(2025, 11, 4)

    # ---- the API reads the migrated rows ---------------------------------------------------
    legacy = auth(LEGACY_USER)
    added: dict[str, int] = {}
    with _api(fresh_url) as client:
        items = client.get("/api/tracked", headers=legacy).json()["items"]
        by_id = {item["id"]: item for item in items}
        assert set(by_id) == {i for i in legacy_ids if first[i]["user_id"] == LEGACY_USER}
        for job_id, item in by_id.items():
            assert item["stage"] == first[job_id]["stage"]
            assert [e["event_type"] for e in item["events"]] == [
                e["event_type"] for e in first[job_id]["events"]
            ]
            assert item["has_resume"] is False
            expected_note = first[job_id]["notes"].get("general_note")
            assert item["notes"].get("general_note") == expected_note
        offer_id = legacy_ids[[s for s, _, _ in LEGACY_ROWS].index("offer")]
        one = client.get(f"/api/tracked/{offer_id}", headers=legacy).json()
        assert one["notes"]["general_note"] == MULTILINE
        assert one["events"][0]["event_date"] == "2025-10-04"
        # Legacy jobs keep moving under the stage rules: offer -> declined.
        moved = client.post(
            f"/api/tracked/{offer_id}/events",
            json={"event_type": "declined", "event_date": "2025-10-10"},
            headers=legacy,
        )
        assert moved.status_code == 201, moved.text
        assert moved.json()["stage"] == "declined"
        added["offer_then_declined"] = offer_id

        # ---- jobs at stages the baseline lacks, with metadata ------------------------------
        def new_job(stage_path: list[str], notes: dict[str, str]) -> int:
            response = client.post(
                "/api/tracked",
                json={"company": "New Co", "title": "After the feature", "notes": notes},
                headers=legacy,
            )
            assert response.status_code == 201, response.text
            job_id = int(response.json()["id"])
            for event_type in stage_path:
                event = client.post(
                    f"/api/tracked/{job_id}/events",
                    json={"event_type": event_type, "event_date": "2026-01-15"},
                    headers=legacy,
                )
                assert event.status_code == 201, event.text
            return job_id

        added["interview"] = new_job(
            ["applied", "interview", "interview"],
            {"salary": "150k", "location": "Remote", "general_note": "Two rounds so far"},
        )
        added["reference"] = new_job(["applied", "reference"], {"salary": "90k"})
        added["declined"] = new_job(
            ["applied", "offer", "declined"], {"general_note": "Said no\nthanks ☕"}
        )

    with fresh_engine.connect() as conn:
        before_downgrade = _snapshot(conn)
    assert before_downgrade[added["interview"]]["stage"] == "interview"
    assert before_downgrade[added["reference"]]["stage"] == "reference"
    assert before_downgrade[added["declined"]]["stage"] == "declined"

    # ---- downgrade to the baseline ---------------------------------------------------------
    run_alembic(fresh_url, "downgrade", BASELINE)
    with fresh_engine.connect() as conn:
        assert _current_revision(conn) == BASELINE
        assert _enum_labels(conn, "tracking_stage") == BASELINE_STAGES
        assert _enum_labels(conn, "tracking_stage_new") == []
        assert _enum_labels(conn, "tracking_event_type") == []
        assert conn.execute(text("SELECT to_regclass('public.tracking_events')")).scalar() is None
        columns: dict[str, str] = dict(
            conn.execute(
                text(
                    "SELECT column_name, data_type FROM information_schema.columns"
                    " WHERE table_name = 'job_tracking'"
                )
            ).all()
        )
        assert set(columns) == BASELINE_COLUMNS
        assert columns["notes"] == "text"
        down = {
            row.id: dict(row._mapping)
            for row in conn.execute(
                text(
                    "SELECT id, user_id, company, title, job_url, stage::text AS stage, notes,"
                    " created_at FROM job_tracking"
                )
            )
        }

    assert set(down) == set(before_downgrade)
    for job_id, old in baseline.items():
        if old["notes"] is None or not old["notes"].strip():
            assert down[job_id]["notes"] in (None, ""), job_id
        else:
            assert down[job_id]["notes"] == old["notes"], job_id  # the text, byte for byte
        for column in ("user_id", "company", "title", "job_url", "created_at"):
            assert down[job_id][column] == old[column]
        if job_id != added["offer_then_declined"]:
            assert down[job_id]["stage"] == old["stage"], job_id
    assert down[added["offer_then_declined"]]["stage"] == "offer"
    assert down[added["interview"]]["stage"] == "screening"
    assert down[added["reference"]]["stage"] == "screening"
    assert down[added["declined"]]["stage"] == "offer"
    assert down[added["interview"]]["notes"] == "Two rounds so far"
    assert down[added["reference"]]["notes"] in (None, "")
    assert down[added["declined"]]["notes"] == "Said no\nthanks ☕"

    # The baseline schema works as the old app used it: defaults and the old stages.
    with fresh_engine.begin() as conn:
        probe = conn.execute(
            text(
                "INSERT INTO job_tracking (user_id, company, title) VALUES ('p', 'P', 'P')"
                " RETURNING stage::text, notes"
            )
        ).one()
        assert tuple(probe) == ("saved", None)
        conn.execute(text("DELETE FROM job_tracking WHERE user_id = 'p'"))

    # ---- upgrade again: the same data as the first time ------------------------------------
    run_alembic(fresh_url, "upgrade", "head")
    with fresh_engine.connect() as conn:
        second = _snapshot(conn)
        assert set(_enum_labels(conn, "tracking_stage")) == {s.value for s in Stage}
    assert set(second) == set(first) | set(added.values())
    untouched = [i for i in legacy_ids if i != added["offer_then_declined"]]
    for job_id in untouched:
        assert second[job_id] == first[job_id], job_id
    expected_stage = {
        added["offer_then_declined"]: "offer",
        added["interview"]: "screening",
        added["reference"]: "screening",
        added["declined"]: "offer",
    }
    for job_id, stage in expected_stage.items():
        job = second[job_id]
        assert job["stage"] == stage, job_id
        assert [e["event_type"] for e in job["events"]] == [stage], job_id
        assert job["events"][0]["event_date"] == _utc_date(job["updated_at"])
    assert second[added["interview"]]["notes"] == {"general_note": "Two rounds so far"}
    assert second[added["reference"]]["notes"] == {}
    assert second[added["declined"]]["notes"] == {"general_note": "Said no\nthanks ☕"}
    assert second[added["offer_then_declined"]]["notes"] == {"general_note": MULTILINE}
    _assert_stage_rule_holds(second)

    with _api(fresh_url) as client:
        items = client.get("/api/tracked", headers=legacy).json()["items"]
        assert {item["id"]: item["stage"] for item in items} == {
            job_id: job["stage"] for job_id, job in second.items() if job["user_id"] == LEGACY_USER
        }

    run_alembic(fresh_url, "check")  # models and migrations agree after the round trip


def _revisions_base_to_head() -> list[str]:
    config = Config(str(ROOT / "alembic.ini"))
    script = ScriptDirectory.from_config(config)
    assert len(script.get_heads()) == 1, "the history must have one head"
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def _job_state(conn: Connection, job_id: int) -> tuple[str, str, list[str] | None]:
    """(stage, general note text, event types or None without the events table)."""
    row = conn.execute(
        text("SELECT stage::text AS stage, notes FROM job_tracking WHERE id = :id"), {"id": job_id}
    ).one()
    note = row.notes if isinstance(row.notes, str) else row.notes["general_note"]
    events = None
    if conn.execute(text("SELECT to_regclass('public.tracking_events')")).scalar() is not None:
        events = list(
            conn.execute(
                text("SELECT event_type::text FROM tracking_events WHERE job_id = :id ORDER BY id"),
                {"id": job_id},
            ).scalars()
        )
    return row.stage, note, events


def test_every_revision_downgrades_and_upgrades_one_step_at_a_time(
    fresh_url: str, fresh_engine: Engine
) -> None:
    revisions = _revisions_base_to_head()
    assert revisions[0] == BASELINE
    events_from = revisions.index("0004_tracking_events")
    backfill = revisions.index("0005_backfill_events")
    new_stages_from = revisions.index("0003_stage_enum_values")

    run_alembic(fresh_url, "upgrade", "head")
    with fresh_engine.begin() as conn:
        job_id = conn.execute(
            text(
                "INSERT INTO job_tracking (user_id, company, title, stage, notes)"
                " VALUES ('u', 'Acme', 'Eng', 'interview', '{\"general_note\": \"kept\"}')"
                " RETURNING id"
            )
        ).scalar_one()
        conn.execute(
            text(
                "INSERT INTO tracking_events (job_id, event_type, event_date) VALUES"
                " (:id, 'applied', '2026-01-01'), (:id, 'interview', '2026-01-02')"
            ),
            {"id": job_id},
        )
    history = ["applied", "interview"]

    # Down one step at a time; at each level the step just undone also re-applies cleanly
    # over the data that is there (the backfill must not add an event a job already has).
    for level in range(len(revisions) - 2, -1, -1):
        run_alembic(fresh_url, "downgrade", "-1")
        with fresh_engine.connect() as conn:
            assert _current_revision(conn) == revisions[level]
            stage, note, events = _job_state(conn, job_id)
        assert note == "kept", revisions[level]
        assert stage == ("interview" if level >= new_stages_from else "screening")
        assert events == (history if level >= events_from else None), revisions[level]

        run_alembic(fresh_url, "upgrade", "+1")
        with fresh_engine.connect() as conn:
            assert _current_revision(conn) == revisions[level + 1]
            stage, note, events = _job_state(conn, job_id)
        assert note == "kept", revisions[level + 1]
        if level + 1 > events_from:
            assert events == history, f"re-running {revisions[level + 1]} changed the events"
        elif level + 1 == events_from:
            assert events == []
        run_alembic(fresh_url, "downgrade", "-1")

    run_alembic(fresh_url, "downgrade", "-1")
    with fresh_engine.connect() as conn:
        assert _current_revision(conn) is None
        assert conn.execute(text("SELECT to_regclass('public.job_tracking')")).scalar() is None
        assert _enum_labels(conn, "tracking_stage") == []

    # Up one step at a time from nothing, with a legacy row written at the baseline.
    for level, revision in enumerate(revisions):
        run_alembic(fresh_url, "upgrade", "+1")
        with fresh_engine.begin() as conn:
            assert _current_revision(conn) == revision
            if level == 0:
                job_id = conn.execute(
                    text(
                        "INSERT INTO job_tracking (user_id, company, title, stage, notes)"
                        " VALUES ('u', 'Acme', 'Eng', 'offer', 'kept') RETURNING id"
                    )
                ).scalar_one()
            stage, note, events = _job_state(conn, job_id)
        assert (stage, note) == ("offer", "kept"), revision
        if level >= backfill:
            assert events == ["offer"], revision
    run_alembic(fresh_url, "check")


STAGES_BEFORE_WITHDRAWN = [
    "saved", "applied", "screening", "interview", "reference", "offer", "rejected", "accepted",
    "declined",
]  # fmt: skip
EVENT_TYPES_BEFORE_WITHDRAWN = [
    "applied", "screening", "interview", "reference", "offer", "accepted", "declined", "rejected",
]  # fmt: skip


def _event_rows(conn: Connection, job_id: int) -> list[tuple[str, dict[str, Any]]]:
    return [
        (row.event_type, row.note)
        for row in conn.execute(
            text(
                "SELECT event_type::text AS event_type, note FROM tracking_events"
                " WHERE job_id = :id ORDER BY id"
            ),
            {"id": job_id},
        )
    ]


def test_withdrawn_jobs_walk_down_as_rejections_and_up_again(
    fresh_url: str, fresh_engine: Engine
) -> None:
    run_alembic(fresh_url, "upgrade", "head")
    with fresh_engine.begin() as conn:
        assert _enum_labels(conn, "tracking_stage") == [*STAGES_BEFORE_WITHDRAWN, "withdrawn"]
        assert _enum_labels(conn, "tracking_event_type") == [
            *EVENT_TYPES_BEFORE_WITHDRAWN,
            "withdrawn",
        ]
        jobs = {}
        for company, stage in (("Acme", "withdrawn"), ("Bare", "withdrawn"), ("Offer", "offer")):
            jobs[company] = conn.execute(
                text(
                    "INSERT INTO job_tracking (user_id, company, title, stage, notes)"
                    " VALUES ('u', :company, 'Eng', :stage, '{\"general_note\": \"kept\"}')"
                    " RETURNING id"
                ),
                {"company": company, "stage": stage},
            ).scalar_one()
        conn.execute(
            text(
                "INSERT INTO tracking_events (job_id, event_type, event_date, note) VALUES"
                " (:acme, 'applied', '2026-01-01', '{}'),"
                " (:acme, 'interview', '2026-01-05', '{\"round\": 1}'),"
                " (:acme, 'withdrawn', '2026-01-09',"
                '  \'{"reason": "Took another offer", "note": "told Ann"}\'),'
                " (:bare, 'applied', '2026-01-01', '{}'),"
                " (:bare, 'withdrawn', '2026-01-02', CAST(:long AS jsonb)),"
                " (:offer, 'offer', '2026-01-03', '{\"deadline\": \"2026-02-01\"}')"
            ),
            {
                "acme": jobs["Acme"],
                "bare": jobs["Bare"],
                "offer": jobs["Offer"],
                "long": '{"reason": "' + "x" * 2000 + '"}',
            },
        )

    # Down: each withdrawal becomes a rejection saying so, the job is rejected (still ended
    # and locked), and both types are rebuilt as 0010 had them.
    run_alembic(fresh_url, "downgrade", "0010_upload_url_grants")
    with fresh_engine.connect() as conn:
        assert _enum_labels(conn, "tracking_stage") == STAGES_BEFORE_WITHDRAWN
        assert _enum_labels(conn, "tracking_event_type") == EVENT_TYPES_BEFORE_WITHDRAWN
        assert _job_state(conn, jobs["Acme"]) == (
            "rejected", "kept", ["applied", "interview", "rejected"]
        )  # fmt: skip
        assert _event_rows(conn, jobs["Acme"])[-1] == (
            "rejected",
            {
                "reason_category": "other",
                "reason": "Withdrawn: Took another offer",
                "note": "told Ann",
            },
        )
        bare = _event_rows(conn, jobs["Bare"])[-1]
        assert bare[0] == "rejected"
        assert bare[1]["reason"] == ("Withdrawn: " + "x" * 2000)[:2000]  # within the limit
        assert _job_state(conn, jobs["Offer"]) == ("offer", "kept", ["offer"])
        # The partial indexes on the note dates are back, with their predicates.
        indexes = {
            row.indexname: row.indexdef
            for row in conn.execute(
                text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = :t"),
                {"t": "tracking_events"},
            )
        }
        assert (
            "WHERE (event_type = 'offer'::tracking_event_type)"
            in (indexes["ix_tracking_events_user_id_offer_deadline"])
        )
        assert (
            "WHERE (event_type = 'accepted'::tracking_event_type)"
            in (indexes["ix_tracking_events_user_id_start_date"])
        )

    # Up again: the value is back; the rejections stay rejections (nothing says they were not).
    run_alembic(fresh_url, "upgrade", "head")
    with fresh_engine.begin() as conn:
        assert _enum_labels(conn, "tracking_stage")[-1] == "withdrawn"
        assert _enum_labels(conn, "tracking_event_type")[-1] == "withdrawn"
        assert _job_state(conn, jobs["Acme"])[0] == "rejected"
        conn.execute(
            text("UPDATE tracking_events SET event_type = 'withdrawn' WHERE job_id = :id"),
            {"id": jobs["Bare"]},
        )
    run_alembic(fresh_url, "check")


def test_a_migration_waiting_for_a_busy_tables_lock_gives_up_and_changes_nothing(
    fresh_url: str, fresh_engine: Engine
) -> None:
    # A transaction of the API's reads a table; a migration's ALTER of that table must not
    # wait behind it (queueing every later query of the table): it fails after the DDL lock
    # timeout, and the revision stays where it was.
    run_alembic(fresh_url, "upgrade", "head")
    # Data-only revisions on top (0017 turns resumes into documents) take no table lock: walk
    # down to the latest revision that alters a table, and try to go past it.
    run_alembic(fresh_url, "downgrade", LATEST_SCHEMA_REVISION)
    with fresh_engine.connect() as reader:
        # Read every table (ACCESS SHARE on each), whichever the latest revision alters.
        tables = reader.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        ).scalars()
        for table in list(tables):
            reader.execute(text(f'SELECT 1 FROM "{table}" LIMIT 0'))
        with pytest.raises(OperationalError, match="lock timeout"):
            run_alembic(fresh_url, "downgrade", "-1")
        reader.rollback()
    with fresh_engine.connect() as conn:
        assert _current_revision(conn) == LATEST_SCHEMA_REVISION


def _inferred_column(conn: Connection) -> bool:
    return bool(
        conn.execute(
            text(
                "SELECT count(*) FROM information_schema.columns"
                " WHERE table_name = 'tracking_events' AND column_name = 'inferred'"
            )
        ).scalar_one()
    )


def test_existing_events_upgrade_as_dated_steps_and_the_flag_walks_down_and_up(
    fresh_url: str, fresh_engine: Engine
) -> None:
    run_alembic(fresh_url, "upgrade", "0011_withdrawn")
    with fresh_engine.begin() as conn:
        assert not _inferred_column(conn)
        job_id = conn.execute(
            text(
                "INSERT INTO job_tracking (user_id, company, title, stage)"
                " VALUES ('u', 'Acme', 'Eng', 'interview') RETURNING id"
            )
        ).scalar_one()
        conn.execute(
            text(
                "INSERT INTO tracking_events (job_id, user_id, event_type, event_date, note) VALUES"
                " (:id, 'u', 'applied', '2026-01-01', '{}'),"
                " (:id, 'u', 'interview', '2026-01-05', '{\"round\": 1}')"
            ),
            {"id": job_id},
        )

    # Up: every event there was is one the user dated.
    run_alembic(fresh_url, "upgrade", "0012_job_record")
    with fresh_engine.begin() as conn:
        flags = conn.execute(
            text("SELECT inferred FROM tracking_events WHERE job_id = :id ORDER BY id"),
            {"id": job_id},
        ).scalars()
        assert list(flags) == [False, False]
        conn.execute(
            text(
                "UPDATE tracking_events SET inferred = true"
                " WHERE job_id = :id AND event_type = 'interview'"
            ),
            {"id": job_id},
        )

    # Down: the column goes, the events stay (dated as they were).
    run_alembic(fresh_url, "downgrade", "0011_withdrawn")
    with fresh_engine.connect() as conn:
        assert not _inferred_column(conn)
        assert [row[0] for row in _event_rows(conn, job_id)] == ["applied", "interview"]

    # Up again: the flag is back, false for every event (nothing says which were inferred).
    run_alembic(fresh_url, "upgrade", "head")
    with fresh_engine.begin() as conn:
        flags = conn.execute(
            text("SELECT inferred FROM tracking_events WHERE job_id = :id ORDER BY id"),
            {"id": job_id},
        ).scalars()
        assert list(flags) == [False, False]
    run_alembic(fresh_url, "check")


def test_no_drift_between_models_and_the_migrated_test_database(database_url: str) -> None:
    # Raises AutogenerateDiffsDetected, naming the difference, if a model changed without a
    # migration (or the other way round).
    run_alembic(database_url, "check")
    head = ScriptDirectory.from_config(Config(str(ROOT / "alembic.ini"))).get_current_head()
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            assert _current_revision(conn) == head
            assert set(_enum_labels(conn, "tracking_stage")) == {s.value for s in Stage}
    finally:
        engine.dispose()


def test_notification_tables_walk_down_and_up_over_rows(
    fresh_url: str, fresh_engine: Engine
) -> None:
    run_alembic(fresh_url, "upgrade", "head")
    with fresh_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO notification_settings (user_id, email, digest, next_digest_at,"
                " next_digest_on) VALUES ('u', 'u@example.com', true,"
                " '2026-03-10T07:00:00Z', '2026-03-10'), ('v', NULL, false, NULL, NULL)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO digest_sends (user_id, local_date, status, claimed_at)"
                " VALUES ('u', '2026-03-09', 'sent', now())"
            )
        )
        # The sender's query can use the partial index (a table this small would be scanned
        # otherwise, so the planner is told not to).
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        plan = conn.execute(
            text(
                "EXPLAIN SELECT user_id FROM notification_settings"
                " WHERE digest AND next_digest_at <= now() ORDER BY next_digest_at"
            )
        ).scalars()
        assert any("ix_notification_settings_next_digest_at" in line for line in plan)

    run_alembic(fresh_url, "downgrade", "0013_job_posting")
    with fresh_engine.connect() as conn:
        for table in ("notification_settings", "digest_sends"):
            assert conn.execute(text(f"SELECT to_regclass('public.{table}')")).scalar() is None

    run_alembic(fresh_url, "upgrade", "head")
    with fresh_engine.begin() as conn:
        # Back, empty, with the defaults and the rules.
        conn.execute(text("INSERT INTO notification_settings (user_id) VALUES ('u')"))
        row = conn.execute(
            text("SELECT digest, digest_hour, timezone, follow_up_days FROM notification_settings")
        ).one()
        assert tuple(row) == (False, 7, "UTC", 14)
        indexes = conn.execute(
            text("SELECT indexdef FROM pg_indexes WHERE indexname = :n"),
            {"n": "ix_notification_settings_next_digest_at"},
        ).scalar_one()
        assert "WHERE digest" in indexes
    with fresh_engine.begin() as conn, pytest.raises(Exception, match="digest_needs_email"):
        conn.execute(text("UPDATE notification_settings SET digest = true"))
    run_alembic(fresh_url, "check")


def _posting_search(conn: Connection, words: str) -> list[int]:
    return list(
        conn.execute(
            text(
                "SELECT job_id FROM job_postings"
                " WHERE search @@ plainto_tsquery('simple', :q) ORDER BY job_id"
            ),
            {"q": words},
        ).scalars()
    )


def _has_pg_trgm(conn: Connection) -> bool:
    found = conn.execute(text("SELECT FROM pg_extension WHERE extname = 'pg_trgm'")).first()
    return found is not None


@pytest.mark.parametrize("trgm_before", [False, True], ids=["made-here", "there-before"])
def test_postings_walk_down_and_up_over_rows_and_leave_an_older_pg_trgm(
    fresh_url: str, fresh_engine: Engine, trgm_before: bool
) -> None:
    if trgm_before:
        with fresh_engine.begin() as conn:
            conn.execute(text("CREATE EXTENSION pg_trgm"))
    run_alembic(fresh_url, "upgrade", "head")
    insert_posting = text(
        "INSERT INTO job_postings (job_id, description_html, description_text,"
        " employment_type, valid_through, salary, remote) VALUES (:id, '<p>Build payments"
        " APIs</p>', 'Build payments APIs', 'FULL_TIME', '2026-12-31',"
        ' \'{"min": 1, "max": 2, "currency": "EUR", "unit": "YEAR"}\', true)'
    )
    with fresh_engine.begin() as conn:
        with_posting, without = conn.execute(
            text(
                "INSERT INTO job_tracking (user_id, company, title, stage, notes) VALUES"
                " ('u', 'Acme', 'Eng', 'saved', '{}'), ('u', 'Beta', 'Eng', 'saved', '{}')"
                " RETURNING id"
            )
        ).scalars()
        conn.execute(insert_posting, {"id": with_posting})
        # The owner is the job's, whatever the writer says (the trigger).
        conn.execute(text("UPDATE job_postings SET user_id = 'someone-else'"))
        assert conn.execute(text("SELECT user_id FROM job_postings")).scalar_one() == "u"
        assert _posting_search(conn, "PAYMENTS apis") == [with_posting]
        assert _posting_search(conn, "payment") == []  # whole words

    run_alembic(fresh_url, "downgrade", "0012_job_record")
    with fresh_engine.connect() as conn:
        assert conn.execute(text("SELECT to_regclass('public.job_postings')")).scalar() is None
        jobs = conn.execute(text("SELECT id FROM job_tracking ORDER BY id")).scalars()
        assert list(jobs) == [with_posting, without]  # the jobs stay; their postings go
        assert _has_pg_trgm(conn) is trgm_before

    run_alembic(fresh_url, "upgrade", "head")
    with fresh_engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM job_postings")).scalar() == 0
        conn.execute(insert_posting, {"id": without})
        assert _posting_search(conn, "payments") == [without]
        assert conn.execute(text("SELECT similarity('abc', 'abc')")).scalar() == 1
        indexes: dict[str, str] = dict(
            conn.execute(
                text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'job_postings'")
            ).all()
        )
        assert "USING gin (search)" in indexes["ix_job_postings_search"]
        assert "(user_id, valid_through)" in indexes["ix_job_postings_user_id_valid_through"]
        assert conn.execute(text("SELECT user_id FROM job_postings")).scalar_one() == "u"
        conn.execute(text("DELETE FROM job_tracking WHERE id = :id"), {"id": without})
        assert conn.execute(text("SELECT count(*) FROM job_postings")).scalar() == 0  # cascade
    with fresh_engine.begin() as conn, pytest.raises(Exception, match="employment_type"):
        conn.execute(
            text("INSERT INTO job_postings (job_id, employment_type) VALUES (:id, 'SOMETIMES')"),
            {"id": with_posting},
        )
    run_alembic(fresh_url, "check")
