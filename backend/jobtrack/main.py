"""The application factory: routers, middleware and error handlers."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from jobtrack.errors import install_error_handlers
from jobtrack.middleware import ApiGuardMiddleware
from jobtrack.settings import Settings, get_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    docs = settings.docs_on
    app = FastAPI(
        title="Track API",
        version="1.0.0",
        description="Follow every job application from applied to offer.",
        openapi_url="/api/openapi.json" if docs else None,
        docs_url="/api/docs" if docs else None,
        redoc_url=None,
    )
    app.state.settings = settings
    install_error_handlers(app)

    from jobtrack import health
    from jobtrack.resumes.router import router as resumes_router
    from jobtrack.tracking.router import router as tracking_router

    app.include_router(health.router)
    if settings.auth_mode == "dev":
        from jobtrack.auth.router import router as auth_router

        app.include_router(auth_router)
    app.include_router(tracking_router)
    app.include_router(resumes_router)

    if settings.cors_origins:
        from starlette.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
            max_age=600,
        )
    app.add_middleware(ApiGuardMiddleware, max_body_bytes=settings.max_body_bytes)

    if settings.frontend_dist and Path(settings.frontend_dist).is_dir():
        from starlette.staticfiles import StaticFiles

        app.mount("/", StaticFiles(directory=settings.frontend_dist, html=True), name="page")
    return app
