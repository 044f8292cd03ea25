"""The load floor: a bare Starlette route answering the list from the raw query (floor.py),
no auth, no validation, no ORM. `uvicorn bench.floor_server:app`; DATABASE_URL and
BENCH_USER say what to list."""

from __future__ import annotations

import os
from typing import Any

from psycopg2.pool import ThreadedConnectionPool
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench import floor

# As many connections as the threadpool has threads, so no request ever waits for one.
_pool = ThreadedConnectionPool(
    1, 40, os.environ["DATABASE_URL"].replace("postgresql+psycopg2://", "postgresql://", 1)
)
USER = os.environ.get("BENCH_USER", "bench-load")


def list_tracked(request: Request) -> Response:
    limit = int(request.query_params.get("limit", "100"))
    connection: Any = _pool.getconn()
    try:
        body = floor.list_page(connection, USER, limit)
    finally:
        _pool.putconn(connection)
    return Response(body, media_type="application/json")


app = Starlette(routes=[Route("/api/tracked", list_tracked)])
