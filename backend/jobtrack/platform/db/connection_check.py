"""A pooled connection is checked on checkout only when it may be dead, not on every request.

`pool_pre_ping` sends `SELECT 1` before every request: one round trip each time, the largest
single cost of a write on RDS. Instead, on checkout:

- if PostgreSQL closed the connection (a restart, `pg_terminate_backend`, RDS Proxy's idle
  timeout), it sent a FATAL message and/or a FIN, so the idle socket has something to read.
  A zero-timeout `poll` (a system call, no round trip) sees that; then a real ping decides;
- if the connection sat idle longer than `PING_AFTER_IDLE_S` (a Lambda container frozen
  between invocations, where a NAT or firewall may have dropped the path without a word),
  it is pinged too.

A failed ping raises `InvalidatePoolError`: the pool throws away this connection and every
other one opened before it, and hands out a fresh one, exactly as `pool_pre_ping` does, so
the request never sees the dead connection.
"""

from __future__ import annotations

import select
import time
from typing import Any

from sqlalchemy import Engine, event, exc
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

PING_AFTER_IDLE_S = 30.0
_CHECKED_IN = "jobtrack.checked_in"


def _has_pending_input(dbapi_connection: Any) -> bool:
    """True when an idle connection's socket is readable: the server said something (a FATAL
    before closing) or closed it. Anything we cannot inspect counts as pending."""
    try:
        poller = select.poll()
        poller.register(dbapi_connection.fileno(), select.POLLIN | select.POLLPRI)
        return bool(poller.poll(0))
    except Exception:
        return True


def _now() -> tuple[float, float]:
    # Both clocks: a frozen or restored machine may stop one of them; the longer gap counts.
    return time.monotonic(), time.time()


def install(engine: Engine, *, ping_after_idle_s: float = PING_AFTER_IDLE_S) -> Engine:
    """Check `engine`'s connections on checkout as described above; returns the engine."""
    dialect = engine.dialect

    def on_checkin(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info[_CHECKED_IN] = _now()

    def on_checkout(
        dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: PoolProxiedConnection
    ) -> None:
        checked_in = record.info.get(_CHECKED_IN)
        if checked_in is None:
            return  # a connection just opened needs no check
        now = _now()
        idle = max(now[0] - checked_in[0], now[1] - checked_in[1])
        if idle <= ping_after_idle_s and not _has_pending_input(dbapi_connection):
            return
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as err:
            # Gone (or unusable): let the pool reconnect, and drop its other old connections,
            # which the same restart closed.
            raise exc.InvalidatePoolError() from err

    event.listen(engine, "checkin", on_checkin)
    event.listen(engine, "checkout", on_checkout)
    return engine
