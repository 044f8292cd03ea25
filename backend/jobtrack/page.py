"""The built Track page, served at `/` when `FRONTEND_DIST` is set (`make dev`, the browser
tests); on AWS the page is on S3 behind CloudFront and this module is not used.

The page routes in the browser (`/jobs/12`, `/board`), so a path that is not a file answers
`index.html`, as CloudFront's error responses do in production. In dev auth mode the page's
runtime config (`/config.json`, written next to the page at deploy time) is answered here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from jobtrack.settings import Settings


class SinglePageFiles(StaticFiles):
    """Static files whose missing paths fall back to `index.html`, except under `/api`, for
    names with a file extension (a missing asset is a real 404), and for non-GET methods."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            return await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code != 404 or not _is_page_route(path, scope):
                raise
            return await super().get_response("index.html", scope)


def _is_page_route(path: str, scope: Scope) -> bool:
    name = path.rsplit("/", 1)[-1]
    return (
        scope.get("method") in ("GET", "HEAD")
        and not path.startswith("api/")
        and path != "api"
        and "." not in name
    )


def mount_page(app: FastAPI, settings: Settings) -> None:
    """Serve the page at `/`, and in dev auth mode its `/config.json`."""
    assert settings.frontend_dist is not None
    if settings.auth_mode == "dev":

        @app.get("/config.json", include_in_schema=False)
        async def dev_config() -> Any:
            # What the page reads to choose its sign-in: dev tokens from this same origin.
            return JSONResponse({"authMode": "dev", "apiUrl": ""})

    app.mount("/", SinglePageFiles(directory=Path(settings.frontend_dist), html=True), name="page")
