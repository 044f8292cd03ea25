"""`CurrentUser`: the verified `sub` of the request's bearer token."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from jobtrack.auth.tokens import INVALID_TOKEN, verify_token
from jobtrack.errors import Unauthorized
from jobtrack.settings import Settings, get_settings

_bearer = HTTPBearer(auto_error=False, description="A Cognito access token (or a dev token).")


def current_user_id(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> str:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized(INVALID_TOKEN)
    return verify_token(credentials.credentials, settings)


CurrentUser = Annotated[str, Depends(current_user_id)]
