"""`CurrentUser`: the verified `sub` of the request's bearer token."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from jobtrack.auth.tokens import INVALID_TOKEN, user_from_gateway_claims, verify_token
from jobtrack.platform.errors import Unauthorized
from jobtrack.platform.http.dependencies import AppSettings

_bearer = HTTPBearer(auto_error=False, description="A Cognito access token (or a dev token).")


def gateway_claims(request: Request) -> Any:
    """The claims API Gateway's JWT authorizer put in the Lambda event (payload 2.0:
    `requestContext.authorizer.jwt.claims`; Mangum keeps the event as `aws.event`), or None."""
    event = request.scope.get("aws.event")
    if not isinstance(event, dict):
        return None
    context = event.get("requestContext") or {}
    authorizer = context.get("authorizer") if isinstance(context, dict) else None
    jwt = authorizer.get("jwt") if isinstance(authorizer, dict) else None
    return jwt.get("claims") if isinstance(jwt, dict) else None


async def current_user_id(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    settings: AppSettings,
) -> str:
    # Inline on the event loop: verification is CPU only, except the hourly JWKS fetch in
    # cognito mode, which a Lambda container (one request at a time) never notices.
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized(INVALID_TOKEN)
    if settings.auth_mode == "cognito" and settings.cognito_verify == "gateway":
        return user_from_gateway_claims(gateway_claims(request), settings)
    return verify_token(credentials.credentials, settings)


CurrentUser = Annotated[str, Depends(current_user_id)]
