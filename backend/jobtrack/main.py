"""The application factory: routers, middleware and error handlers."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI

from jobtrack.platform.errors import install_error_handlers
from jobtrack.platform.http.middleware import ApiGuardMiddleware
from jobtrack.platform.settings import Settings, get_settings

# Every operation's tag, described once (the routers name them; the document lists them here).
OPENAPI_TAGS = [
    {
        "name": "tracked jobs",
        "description": (
            "The jobs a user tracks and their events; the stage is the latest event's type."
        ),
    },
    {
        "name": "resumes",
        "description": (
            "The job's resume: presigned upload to S3, server-side verification, "
            "presigned download."
        ),
    },
    {
        "name": "calendar",
        "description": (
            "Dated items from events, the upcoming list, the subscription feed and "
            "single-event .ics files."
        ),
    },
    {
        "name": "insights",
        "description": "The funnel, response rates and follow-ups over a user's history.",
    },
    {
        "name": "contacts",
        "description": (
            "The people met during a search (recruiters, hiring managers, referrers, "
            "interviewers) and the jobs they are attached to."
        ),
    },
    {
        "name": "documents",
        "description": (
            "The library of resumes, cover letters and other files (PDF, DOCX, text), "
            "uploaded straight to storage, and the versions attached to each job."
        ),
    },
    {
        "name": "export and import",
        "description": (
            "The whole account as JSON or CSV, and an import that replays histories "
            "through the stage rules."
        ),
    },
    {
        "name": "report",
        "description": "The applications made in a date range, to prove a job search.",
    },
    {
        "name": "notifications",
        "description": (
            "The morning digest by mail: settings, a preview, and the mail's one-click "
            "unsubscribe link."
        ),
    },
    {
        "name": "capture",
        "description": (
            "A posting read out of a page the browser sends, and the caller's jobs it may "
            "duplicate; the API never fetches a page itself."
        ),
    },
    {
        "name": "account",
        "description": "What the caller keeps here, and deleting all of it.",
    },
    {"name": "service", "description": "Health of the API and its database."},
    {"name": "auth", "description": "Development sign-in (dev auth mode only)."},
]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    if settings.auth_mode == "dev" and os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):
        # Dev mode signs a token for any name: on Lambda that would open every account.
        raise RuntimeError(
            "AUTH_MODE=dev is for local development only and refuses to run on AWS Lambda; "
            "set AUTH_MODE=cognito."
        )
    docs = settings.docs_on
    app = FastAPI(
        title="Track API",
        version="1.0.0",
        description="Follow every job application from applied to offer.",
        # Relative: the page and the API share an origin (CloudFront or `make dev`).
        servers=[{"url": "/", "description": "The origin that serves the page"}],
        contact={"name": "Track maintainers"},
        license_info={"name": "Proprietary", "identifier": "LicenseRef-Proprietary"},
        openapi_tags=OPENAPI_TAGS,
        openapi_url="/api/openapi.json" if docs else None,
        docs_url="/api/docs" if docs else None,
        redoc_url=None,
    )
    app.state.settings = settings
    install_error_handlers(app)

    from jobtrack.account.router import router as account_router
    from jobtrack.calendar.router import router as calendar_router
    from jobtrack.capture.router import router as capture_router
    from jobtrack.capture.schemas import CAPTURE_MAX_BYTES
    from jobtrack.contacts.router import router as contacts_router
    from jobtrack.documents.router import router as documents_router
    from jobtrack.health import router as health
    from jobtrack.insights.router import router as insights_router
    from jobtrack.notifications.router import router as notifications_router
    from jobtrack.portability.router import router as portability_router
    from jobtrack.portability.schemas import IMPORT_MAX_BYTES
    from jobtrack.report.router import router as report_router
    from jobtrack.resumes.router import router as resumes_router
    from jobtrack.tracking.router import router as tracking_router
    from jobtrack.tracking.router import tags_router
    from jobtrack.tracking.schemas import JOB_MAX_BYTES

    app.include_router(health.router)
    if settings.auth_mode == "dev":
        from jobtrack.auth.router import router as auth_router

        app.include_router(auth_router)
        from jobtrack.notifications.router import dev_router as notifications_dev_router

        app.include_router(notifications_dev_router)
    app.include_router(tracking_router)
    app.include_router(tags_router)
    app.include_router(resumes_router)
    app.include_router(calendar_router)
    app.include_router(insights_router)
    app.include_router(contacts_router)
    app.include_router(documents_router)
    app.include_router(account_router)
    app.include_router(portability_router)
    app.include_router(report_router)
    app.include_router(notifications_router)
    app.include_router(capture_router)

    if settings.cors_origins:
        from starlette.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
            # What a page on another origin may read: retry hints and the replay and schema
            # markers the page acts on.
            expose_headers=[
                "Retry-After",
                "Idempotent-Replayed",
                "X-Schema-Version",
                "ETag",
                "Content-Disposition",
            ],
            max_age=600,
        )
    app.add_middleware(
        ApiGuardMiddleware,
        max_body_bytes=settings.max_body_bytes,
        body_limits={
            "/api/import": IMPORT_MAX_BYTES,
            "/api/capture": CAPTURE_MAX_BYTES,
            # A job's create and patch may carry its posting's description.
            "/api/tracked": JOB_MAX_BYTES,
            "/api/tracked/{job_id}": JOB_MAX_BYTES,
        },
    )

    # Responses over 1 KiB are gzipped when the client accepts it (a page of 100 jobs: about a
    # tenth of the bytes). Level 6: most of level 9's saving for a fraction of its time. Under
    # Mangum a gzipped body goes out base64-encoded, as API Gateway expects binary bodies.
    from starlette.middleware.gzip import GZipMiddleware

    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)

    if settings.metrics_namespace:
        from jobtrack.platform.aws.metrics import RequestMetricsMiddleware

        app.add_middleware(RequestMetricsMiddleware, namespace=settings.metrics_namespace)

    if settings.allowed_hosts:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)

    if settings.frontend_dist and Path(settings.frontend_dist).is_dir():
        from jobtrack.platform.http.page import mount_page

        mount_page(app, settings)
    return app
