"""Request dependencies that need no I/O, written `async` so FastAPI runs them inline.

A plain `def` dependency costs a hop to the threadpool and back on every request (FastAPI
runs each one in a worker thread); the route itself is the one hop a request should pay.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from jobtrack.platform.settings import Settings


async def app_settings(request: Request) -> Settings:
    """The settings the app was created with (`create_app(settings)`)."""
    settings: Settings = request.app.state.settings
    return settings


AppSettings = Annotated[Settings, Depends(app_settings)]
