"""Token issue (dev mode) and verification (dev HS256, Cognito RS256 via the pool's JWKS, or
the claims API Gateway's JWT authorizer verified: `COGNITO_VERIFY=gateway`).

The algorithm is never taken from the token: each mode accepts exactly one.

PyJWT is imported on first use, not at import: it pulls in `cryptography` (about 30 ms of
the Lambda cold start) and no request needs it before the first token check.

A token that verified is remembered (`VERIFIED`: the whole token string, under the settings
that verified it) until its `exp` or for `VERIFIED_FOR_S`, whichever comes first, so the many
requests a page makes with one token verify it once per container: decoding and checking it
cost about a third of what a request pays before its first statement. Nothing that fails is
remembered; an expired token is refused from the cache exactly as by PyJWT (no leeway); a key
removed from the pool's key set stops being trusted within the key set's hour either way.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jobtrack.platform.errors import ServiceUnavailable, Unauthorized
from jobtrack.platform.settings import Settings

if TYPE_CHECKING:
    import jwt

DEV_ISSUER = "jobtrack-dev"
DEV_TOKEN_TTL = dt.timedelta(hours=12)
INVALID_TOKEN = "The access token is missing, invalid or expired; sign in again."
VERIFIED_FOR_S = 300
VERIFIED_MAX = 512

# (what verified it, the token) -> (its sub, trusted until: epoch seconds)
VERIFIED: OrderedDict[tuple[tuple[Any, ...], str], tuple[str, float]] = OrderedDict()
VERIFIED_LOCK = threading.Lock()
_now = time.time  # the clock the remembered results are checked against


def issue_dev_token(*, sub: str, settings: Settings) -> str:
    """An HS256 access token signed with the local dev secret."""
    import jwt

    now = dt.datetime.now(dt.UTC)
    claims = {
        "sub": sub,
        "iss": DEV_ISSUER,
        "token_use": "access",
        "iat": now,
        "exp": now + DEV_TOKEN_TTL,
    }
    return jwt.encode(claims, settings.dev_jwt_secret, algorithm="HS256")


def _verify_dev(token: str, settings: Settings) -> dict[str, Any]:
    import jwt

    return jwt.decode(
        token,
        settings.dev_jwt_secret,
        algorithms=["HS256"],
        issuer=DEV_ISSUER,
        options={"require": ["exp", "iss", "sub"]},
    )


@lru_cache(maxsize=4)
def _jwks_client(jwks_url: str) -> jwt.PyJWKClient:
    import jwt

    # The key set is cached for an hour, so a key removed from the pool stops being trusted
    # within the hour (no per-kid cache that would keep it forever). An unknown `kid` refetches
    # the set, at most once per 30 s, so junk kids cannot make every request fetch.
    return jwt.PyJWKClient(
        jwks_url,
        cache_keys=False,
        cache_jwk_set=True,
        lifespan=3600,
        timeout=5,
        cooldown_duration=30,
    )


def _verify_cognito(token: str, settings: Settings) -> dict[str, Any]:
    import jwt

    signing_key = _jwks_client(settings.jwks_url).get_signing_key_from_jwt(token)
    claims: dict[str, Any] = jwt.decode(
        token,
        signing_key.key,
        algorithms=["RS256"],
        issuer=settings.cognito_issuer,
        options={"require": ["exp", "iss", "sub", "token_use", "client_id"]},
    )
    if claims.get("token_use") != "access":
        raise jwt.InvalidTokenError("not an access token")
    if claims.get("client_id") not in settings.cognito_client_id:
        raise jwt.InvalidTokenError("client_id not allowed")
    return claims


def _verifier(settings: Settings) -> tuple[Any, ...]:
    """What decides whether a token verifies: a change to any of it forgets earlier results."""
    if settings.auth_mode == "dev":
        return ("dev", settings.dev_jwt_secret)
    return ("cognito", settings.cognito_issuer, settings.jwks_url, *settings.cognito_client_id)


def _remembered(key: tuple[tuple[Any, ...], str]) -> str | None:
    with VERIFIED_LOCK:
        found = VERIFIED.get(key)
        if found is None:
            return None
        sub, until = found
        if _now() >= until:
            del VERIFIED[key]
            return None
        VERIFIED.move_to_end(key)
        return sub


def _remember(key: tuple[tuple[Any, ...], str], sub: str, expires: Any) -> None:
    if not isinstance(expires, int | float) or isinstance(expires, bool):
        return
    until = min(float(expires), _now() + VERIFIED_FOR_S)
    with VERIFIED_LOCK:
        VERIFIED[key] = (sub, until)
        VERIFIED.move_to_end(key)
        while len(VERIFIED) > VERIFIED_MAX:
            VERIFIED.popitem(last=False)


def user_from_gateway_claims(claims: Any, settings: Settings) -> str:
    """The user id from the claims API Gateway's JWT authorizer verified (signature, issuer,
    audience, expiry), checked again for what the authorizer does not know: an access token
    (not an ID token) of one of our clients, from our pool, not expired. 401 without claims:
    a request that did not pass the authorizer is never trusted."""
    if not isinstance(claims, dict):
        raise Unauthorized(INVALID_TOKEN)
    sub = claims.get("sub")
    try:
        expires = float(claims.get("exp", ""))
    except (TypeError, ValueError):
        raise Unauthorized(INVALID_TOKEN) from None
    if (
        claims.get("iss") != settings.cognito_issuer
        or claims.get("token_use") != "access"
        or claims.get("client_id") not in settings.cognito_client_id
        or not isinstance(sub, str)
        or not 0 < len(sub) <= 255
        or expires <= _now()
    ):
        raise Unauthorized(INVALID_TOKEN)
    return sub


def verify_token(token: str, settings: Settings) -> str:
    """The user id (`sub`) of a valid access token; 401 for anything else."""
    key = (_verifier(settings), token)
    remembered = _remembered(key)
    if remembered is not None:
        return remembered

    import jwt

    try:
        if settings.auth_mode == "dev":
            claims = _verify_dev(token, settings)
        else:
            claims = _verify_cognito(token, settings)
    except jwt.PyJWKClientConnectionError as exc:
        raise ServiceUnavailable("Cannot reach the sign-in service to check the token.") from exc
    except (jwt.PyJWTError, ValueError) as exc:
        raise Unauthorized(INVALID_TOKEN) from exc
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub or len(sub) > 255:
        raise Unauthorized(INVALID_TOKEN)
    _remember(key, sub, claims.get("exp"))
    return sub
