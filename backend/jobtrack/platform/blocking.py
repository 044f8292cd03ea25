"""Where blocking work runs: inline under the Lambda handler, in the threadpool elsewhere.

A Lambda container answers one request at a time (Mangum runs each invocation to completion
on its own event loop), so a hop to a worker thread and back buys no concurrency there and
costs about half of what a request pays before its first statement. Under uvicorn the event
loop serves every connection, so blocking it would serialise requests: there the database work
keeps running in the threadpool, as FastAPI would run a plain `def` route.

The choice is made per invocation, not per process: `lambda_handler.handler` runs each event
inside `one_request_at_a_time()`, and everything else (uvicorn, the test client) sees the
default, the threadpool.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

P = ParamSpec("P")
T = TypeVar("T")

# True while blocking work runs inline (inside `one_request_at_a_time`).
INLINE: ContextVar[bool] = ContextVar("jobtrack.inline", default=False)


@contextmanager
def one_request_at_a_time() -> Iterator[None]:
    """Run blocking work inline for the request(s) served inside this block (the Lambda handler:
    nothing else can run on its event loop meanwhile)."""
    token = INLINE.set(True)
    try:
        yield
    finally:
        INLINE.reset(token)


async def run_blocking(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`function(*args, **kwargs)`, inline on Lambda, in a worker thread elsewhere."""
    if INLINE.get():
        return function(*args, **kwargs)
    return await run_in_threadpool(function, *args, **kwargs)


def _offloaded(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(endpoint)  # FastAPI reads the parameters through __wrapped__
    async def route_body(*args: Any, **kwargs: Any) -> Any:
        return await run_blocking(endpoint, *args, **kwargs)

    return route_body


class BlockingRoute(APIRoute):
    """A route whose plain `def` endpoint runs through `run_blocking`.

    FastAPI runs a `def` endpoint in the threadpool and then, because it was not a coroutine,
    validates its return value in the threadpool too: two hops. Presented as a coroutine, the
    endpoint's body takes one hop where concurrency exists and none on Lambda; the response
    model is checked on the loop (CPU only; the large responses, the list and the export, are
    bytes and skip it).
    """

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = _offloaded(endpoint)
        super().__init__(path, endpoint, **kwargs)
