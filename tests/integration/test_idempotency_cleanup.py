"""The scheduled cleanup: Idempotency-Key records older than a day go, newer ones stay."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from jobtrack.idempotency import cleanup

NOW = dt.datetime.now(dt.UTC)


@pytest.fixture
def keys(engine: Engine) -> Iterator[None]:
    with engine.begin() as conn:
        for i, age_h in enumerate([1, 23, 25, 48, 24 * 30, 25, 26]):
            conn.execute(
                text(
                    "INSERT INTO idempotency_keys (user_id, key, fingerprint, created_at) "
                    "VALUES ('cleanup-user', :key, 'f', :at)"
                ),
                {"key": f"k{i}-{age_h}h", "at": NOW - dt.timedelta(hours=age_h)},
            )
    yield
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM idempotency_keys WHERE user_id = 'cleanup-user'"))


def remaining(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(
            conn.execute(
                text("SELECT key FROM idempotency_keys WHERE user_id = 'cleanup-user'")
            ).scalars()
        )


def test_keys_older_than_a_day_are_deleted_in_batches(engine: Engine, keys: None) -> None:
    assert cleanup.delete_expired_keys(now=NOW, batch=2) == 5
    assert remaining(engine) == ["k0-1h", "k1-23h"]
    assert cleanup.delete_expired_keys(now=NOW) == 0


def test_the_handler_reports_what_it_deleted(engine: Engine, keys: None) -> None:
    assert cleanup.handler({"source": "aws.events"}, None) == {
        "deleted": 5,
        "objects_deleted": 0,
        "objects_failed": 0,
    }
    assert remaining(engine) == ["k0-1h", "k1-23h"]
