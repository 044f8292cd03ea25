"""Notification routes: the settings, the digest preview, the mail's unsubscribe link (no token
header: the signed token is the credential) and, in dev mode, a run of the sender."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from jobtrack.auth.dependencies import CurrentUser
from jobtrack.notifications import (
    mail,
    push,
    sender,
    service,
    transport,
    unsubscribe,
    vapid,
    webpush,
)
from jobtrack.notifications.schemas import (
    DevRunIn,
    DevRunResult,
    Digest,
    NotificationSettings,
    NotificationSettingsIn,
    PushEndpointIn,
    PushKey,
    PushSubscriptionIn,
    PushSubscriptionRead,
)
from jobtrack.platform.blocking import BlockingRoute
from jobtrack.platform.db.session import SessionDep, get_sessionmaker
from jobtrack.platform.errors import NotFound
from jobtrack.platform.http.dependencies import AppSettings
from jobtrack.platform.http.responses import errors
from jobtrack.tracking.schemas import QueryDate

router = APIRouter(prefix="/api/notifications", tags=["notifications"], route_class=BlockingRoute)
dev_router = APIRouter(prefix="/api/dev", tags=["notifications"], route_class=BlockingRoute)

TOKEN_NOT_FOUND = "This unsubscribe link is not valid."
Token = Annotated[
    str, Query(min_length=1, max_length=1000, description="The signed token from the mail.")
]
_HTML = {"text/html": {"schema": {"type": "string"}}}
_FORM_BODY: dict[str, Any] = {
    "requestBody": {
        "required": False,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {"List-Unsubscribe": {"type": "string", "enum": ["One-Click"]}},
                }
            }
        },
    }
}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@router.get("/settings", response_model=NotificationSettings, responses=errors(401))
def read_settings(db_session: SessionDep, user_id: CurrentUser) -> NotificationSettings:
    """The caller's notification settings (the defaults until they save any)."""
    return service.get_settings(db_session=db_session, user_id=user_id)


@router.put("/settings", response_model=NotificationSettings, responses=errors(401, 413, 422))
def replace_settings(
    db_session: SessionDep, user_id: CurrentUser, settings_in: NotificationSettingsIn
) -> NotificationSettings:
    """Replace the caller's settings (the whole object). The digest needs an email address."""
    return service.put_settings(
        db_session=db_session, user_id=user_id, settings_in=settings_in, now=_now()
    )


@router.get("/digest", response_model=Digest, responses=errors(401, 422))
def read_digest(
    db_session: SessionDep,
    user_id: CurrentUser,
    date: Annotated[
        QueryDate | None,
        Query(description="The local date (default: today in the caller's time zone)."),
    ] = None,
) -> Digest:
    """What the caller's digest for that date holds: the same as the mail."""
    return service.read_digest(db_session=db_session, user_id=user_id, on=date, now=_now())


PUSH_OFF = "Web Push is not configured on this server (no VAPID key)."


@router.get("/push/key", response_model=PushKey, responses=errors(401, 404))
def read_push_key(settings: AppSettings, user_id: CurrentUser) -> PushKey:
    """The server's VAPID public key, the `applicationServerKey` a browser subscribes with;
    404 when push is not configured."""
    del user_id  # any signed-in user
    keys = vapid.keys_for(settings)
    if keys is None:
        raise NotFound(PUSH_OFF)
    return PushKey(public_key=keys.public_key)


@router.post(
    "/push/subscriptions",
    status_code=201,
    response_model=PushSubscriptionRead,
    responses=errors(401, 413, 422),
)
def add_push_subscription(
    db_session: SessionDep,
    settings: AppSettings,
    user_id: CurrentUser,
    subscription_in: PushSubscriptionIn,
) -> PushSubscriptionRead:
    """Keep a browser's `PushSubscription` for the caller (at most 10, the oldest replaced;
    the same endpoint again takes the new keys). The digest's summary goes to it while the
    settings' `push` is on."""
    push.check_push_service(subscription_in.endpoint, settings.push_hosts)
    return push.subscribe(
        db_session=db_session, user_id=user_id, subscription_in=subscription_in, now=_now()
    )


@router.delete(
    "/push/subscriptions", status_code=204, response_class=Response, responses=errors(401, 404)
)
def remove_push_subscription(
    db_session: SessionDep, user_id: CurrentUser, endpoint_in: PushEndpointIn
) -> Response:
    """Forget the caller's subscription of this endpoint (404 when they have none)."""
    push.unsubscribe(db_session=db_session, user_id=user_id, endpoint=endpoint_in.endpoint)
    return Response(status_code=204)


def _user_of(settings: AppSettings, token: str) -> str:
    try:
        ring = unsubscribe.key_ring(settings)
    except unsubscribe.NoSigningKey:
        raise NotFound(TOKEN_NOT_FOUND) from None
    user_id = unsubscribe.verify(ring, token)
    if user_id is None:
        raise NotFound(TOKEN_NOT_FOUND)
    return user_id


def _page(request: Request, *, done: bool) -> HTMLResponse:
    action = f"{request.url.path}?{request.url.query}"
    return HTMLResponse(
        mail.unsubscribe_page(done=done, action=action),
        headers={"Content-Security-Policy": mail.page_policy(), "Referrer-Policy": "no-referrer"},
    )


@router.get(
    "/unsubscribe",
    # The page is HTML; its refusals (404, 422) are JSON like every other route's, so the
    # route keeps the JSON response class and documents the page's HTML itself.
    response_model=None,
    responses={
        200: {"description": "A page with a button that unsubscribes.", "content": _HTML},
        **errors(404, 422),
    },
)
def unsubscribe_form(request: Request, settings: AppSettings, token: Token) -> Response:
    """The mail's link opened in a browser: a page whose button unsubscribes. Changes nothing
    (mail scanners follow links)."""
    _user_of(settings, token)
    return _page(request, done=False)


@router.post(
    "/unsubscribe",
    responses={
        200: {
            "description": "The digest is off. An HTML page for a browser's form, else JSON.",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {"digest": {"type": "boolean", "enum": [False]}},
                    }
                },
                **_HTML,
            },
        },
        **errors(404),
    },
    openapi_extra=_FORM_BODY,
)
def unsubscribe_now(
    request: Request, db_session: SessionDep, settings: AppSettings, token: Token
) -> Any:
    """One click (RFC 8058): the token from the mail turns the digest off. No token header.
    The body (`List-Unsubscribe=One-Click`) may be sent or left out."""
    user_id = _user_of(settings, token)
    service.pause_digest(db_session=db_session, user_id=user_id, reason="unsubscribed", now=_now())
    if "text/html" in request.headers.get("accept", ""):
        return _page(request, done=True)
    return {"digest": False}


@dev_router.post("/notifications/run", response_model=DevRunResult, responses=errors(401, 422))
def run_sender(
    request: Request, settings: AppSettings, user_id: CurrentUser, run_in: DevRunIn
) -> DevRunResult:
    """Dev mode only: run the scheduled sender as if it were `now`."""
    del user_id  # any signed-in dev user may run it
    mailer = transport.mailer_for(settings)
    if mailer is None:
        return DevRunResult(sent=[])
    setup = sender.setup_for(settings, base_url=str(request.base_url).rstrip("/"))
    sent = sender.run(
        now=run_in.now.astimezone(dt.UTC),
        sessions=get_sessionmaker(),
        mailer=mailer,
        setup=setup,
        pusher=webpush.pusher_for(settings),
    )
    return DevRunResult(sent=sent)
