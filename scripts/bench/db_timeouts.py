"""What each way of giving a session its timeouts costs per request (DB_TIMEOUTS).

A request's transaction is modelled as the smallest one the API runs: BEGIN, a one-row
SELECT, COMMIT, on a pooled connection of the engine `jobtrack.platform.db.session.build_engine` makes.
`role` and `startup` send nothing per transaction (the role or the startup packet carried
the timeouts); `transaction` adds the SET LOCAL round trip. Also timed: opening a
connection with and without the startup options. On the bench's embedded PostgreSQL over
a Unix socket, so the SET LOCAL figure is this machine's floor: through RDS Proxy it adds
one network round trip as well. Run: `PYTHONPATH=backend:scripts .venv/bin/python -m
bench.db_timeouts` (BENCH_CALLS, default 3,000).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, text

from bench.common import Row, alternate, embedded_database, env_int, median, ms
from jobtrack.platform.db import session as db
from jobtrack.platform.settings import Settings


def _transaction(engine: Engine) -> Callable[[], Any]:
    statement = text("SELECT 1")

    def run() -> None:
        with engine.begin() as conn:
            conn.execute(statement).scalar_one()

    return run


def _connect(engine: Engine) -> Callable[[], Any]:
    def run() -> None:
        with engine.connect() as conn:
            conn.connection.dbapi_connection.close()  # type: ignore[union-attr]
            conn.invalidate()

    return run


def main() -> None:
    calls = env_int("BENCH_CALLS", 3000)
    rows: list[Row] = []
    with embedded_database() as database:

        def engine(mode: str) -> Engine:
            settings = Settings(database_url=database.url, auth_mode="dev", db_timeouts=mode)
            return db.build_engine(settings)

        role, local, startup = engine("role"), engine("transaction"), engine("startup")
        plain, with_set = alternate(calls, _transaction(role), _transaction(local), warmup=50)
        extra = median(with_set) - median(plain)
        rows += [
            Row("db timeouts", "transaction, role mode (median)", ms(median(plain))),
            Row("db timeouts", "transaction, SET LOCAL mode (median)", ms(median(with_set))),
            Row("db timeouts", "SET LOCAL cost per transaction", f"{extra * 1e6:.0f} µs"),
        ]
        opens = max(calls // 10, 50)
        bare, with_options = alternate(opens, _connect(role), _connect(startup), warmup=5)
        rows += [
            Row("db timeouts", "new connection, no options (median)", ms(median(bare))),
            Row("db timeouts", "new connection, startup options", ms(median(with_options))),
        ]
        for built in (role, local, startup):
            built.dispose()
    for row in rows:
        print(f"{row.figure}: {row.value}")


if __name__ == "__main__":
    main()
