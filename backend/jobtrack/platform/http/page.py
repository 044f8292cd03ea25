"""The built Track page, served at `/` when `FRONTEND_DIST` is set (`make dev`, the browser
tests); on AWS the page is on S3 behind CloudFront and this module is not used.

The page routes in the browser (`/jobs/12`, `/board`), so a path that is not a file answers
`index.html`, as CloudFront's error responses do in production. In dev auth mode the page's
runtime config (`/config.json`, written next to the page at deploy time) is answered here.

Every page response carries the same Content-Security-Policy as CloudFront's response-headers
policy (infra/page.yml): scripts, styles and fonts only from the page's origin (no inline
script), `connect-src` limited to the page's origin (which serves the API, also on AWS) and the
resume store (on AWS also Cognito), each by its exact host; the service worker and the web app
manifest from the page's origin only; no framing. The browser journeys run under it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from jobtrack.platform.settings import Settings


def content_security_policy(connect_src: Iterable[str] = ()) -> str:
    """The page's policy; `connect_src` adds the origins its scripts may call besides its own."""
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data: blob:",
        "font-src": "'self'",
        # The installable page: its service worker (sw.js) and manifest, from its own origin.
        "worker-src": "'self'",
        "manifest-src": "'self'",
        "connect-src": " ".join(["'self'", *connect_src]),
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class SinglePageFiles(StaticFiles):
    """Static files whose missing paths fall back to `index.html`, except under `/api`, for
    names with a file extension (a missing asset is a real 404), and for non-GET methods.
    Every answer carries the page's security headers."""

    def __init__(self, *, headers: dict[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.security_headers = headers

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            response = await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code != 404 or not _is_page_route(path, scope):
                raise
            response = await super().get_response("index.html", scope)
        response.headers.update(self.security_headers)
        return response


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

    # The page uploads resumes straight to the resume store (a local S3 in `make dev`).
    stores = [_origin(settings.s3_endpoint_url)] if settings.s3_endpoint_url else []
    headers = {
        "Content-Security-Policy": content_security_policy(stores),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
    }
    page = SinglePageFiles(directory=Path(settings.frontend_dist), html=True, headers=headers)
    app.mount("/", page, name="page")
