"""`CurrentUser`: the verified `sub` of the request's bearer token."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from jobtrack.auth.tokens import INVALID_TOKEN, verify_token
from jobtrack.platform.errors import Unauthorized
from jobtrack.platform.http.dependencies import AppSettings

_bearer = HTTPBearer(auto_error=False, description="A Cognito access token (or a dev token).")


async def current_user_id(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    settings: AppSettings,
) -> str:
    # Inline on the event loop: verification is CPU only, except the hourly JWKS fetch in
    # cognito mode, which a Lambda container (one request at a time) never notices.
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized(INVALID_TOKEN)
    return verify_token(credentials.credentials, settings)


CurrentUser = Annotated[str, Depends(current_user_id)]
