"""Two requests released together at a user's quota lock (`user_locks`, limits.service.lock_user):
the race the quotas must survive, made to happen every time instead of by chance."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sqlalchemy import Engine, text

WAITING_AT_THE_LOCK = (
    "SELECT count(*) FROM pg_stat_activity"
    " WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO user_locks%'"
)


def release_together(
    engine: Engine, user_id: str, scope: str, calls: list[Callable[[], None]]
) -> None:
    """Hold the user's `scope` lock row, start `calls` in threads, wait until each waits at the
    lock (at most 10 s), then release it and wait for them to finish."""
    with engine.connect() as holder:
        holder.execute(
            text(
                "INSERT INTO user_locks (user_id, scope) VALUES (:user, :scope)"
                " ON CONFLICT (user_id, scope) DO UPDATE SET scope = excluded.scope"
            ),
            {"user": user_id, "scope": scope},
        )
        threads = [threading.Thread(target=call) for call in calls]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with engine.connect() as probe:
                if probe.scalar(text(WAITING_AT_THE_LOCK)) == len(calls):
                    break
            time.sleep(0.02)
        holder.rollback()  # releases the row lock
        for thread in threads:
            thread.join(timeout=10)
