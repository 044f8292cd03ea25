"""Auth (docs/api.md): Cognito RS256 access tokens against a local JWKS, and dev tokens.

Cognito mode is exercised for real: an RSA key made here, its JWKS served by a local HTTP
server that counts its requests, and the app's own `PyJWKClient` fetching from it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import socket
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI
from fastapi.testclient import TestClient
from jwt.algorithms import RSAAlgorithm
from sqlalchemy import text

from jobtrack.auth.tokens import DEV_ISSUER, INVALID_TOKEN
from jobtrack.platform.settings import Settings
from jobtrack.schema_version import SCHEMA_VERSION
from tests.conftest import TEST_SECRET, app_in_test_transaction, auth
from tests.integration.test_ownership import api_routes

REGION = "eu-west-2"
POOL_ID = "eu-west-2_TrackTest"
ISSUER = f"https://cognito-idp.{REGION}.amazonaws.com/{POOL_ID}"
ALLOWED_CLIENTS = ["client-a", "client-b"]
USER_SUB = "7c1f3e0a-0000-4000-8000-cognito-user"

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KID = "key-1"
ROTATED_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
ROTATED_KID = "key-2"
PUBLIC_PEM = KEY.public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
)

DROP = object()  # a claim value meaning "leave this claim out"


def _jwk(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    jwk = RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


# ---- a local JWKS endpoint ----------------------------------------------------------------


class JwksServer:
    """Serves a key set per path (each test gets its own path, so its own JWKS client)."""

    def __init__(self) -> None:
        self.keys: dict[str, list[dict[str, Any]]] = {}
        self.hits: Counter[str] = Counter()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.hits[self.path] += 1
                keys = owner.keys.get(self.path)
                if keys is None:
                    self.send_error(404)
                    return
                payload = json.dumps({"keys": keys}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def new_path(self, keys: list[dict[str, Any]]) -> str:
        path = f"/{uuid.uuid4().hex}/.well-known/jwks.json"
        self.keys[path] = keys
        return path


@pytest.fixture(scope="module")
def jwks_server() -> Iterator[JwksServer]:
    server = JwksServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()
    server.thread.join(timeout=5)


@pytest.fixture
def jwks_path(jwks_server: JwksServer) -> str:
    return jwks_server.new_path([_jwk(KEY, KID)])


@pytest.fixture
def cognito_settings(database_url: str, jwks_server: JwksServer, jwks_path: str) -> Settings:
    return Settings(
        auth_mode="cognito",
        cognito_user_pool_id=POOL_ID,
        aws_region=REGION,
        cognito_client_id=ALLOWED_CLIENTS,
        cognito_jwks_url=jwks_server.base_url + jwks_path,
        database_url=database_url,
    )


@pytest.fixture
def cognito_app(cognito_settings: Settings, connection: Any) -> FastAPI:
    return app_in_test_transaction(cognito_settings, connection)


@pytest.fixture
def cognito(cognito_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(cognito_app, raise_server_exceptions=False) as test_client:
        yield test_client


# ---- tokens ---------------------------------------------------------------------------------


def claims(**overrides: Any) -> dict[str, Any]:
    """A Cognito access token's claims (no `aud`: access tokens carry `client_id`)."""
    now = int(time.time())
    base: dict[str, Any] = {
        "sub": USER_SUB,
        "iss": ISSUER,
        "client_id": "client-a",
        "token_use": "access",
        "scope": "aws.cognito.signin.user.admin",
        "auth_time": now - 60,
        "iat": now - 60,
        "exp": now + 3600,
        "jti": uuid.uuid4().hex,
        "username": "someone",
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not DROP}


def rs256(
    key: rsa.RSAPrivateKey = KEY, kid: str | None = KID, alg: str = "RS256", **overrides: Any
) -> str:
    headers = {"kid": kid} if kid is not None else {}
    return jwt.encode(claims(**overrides), key, algorithm=alg, headers=headers)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def forged(header: dict[str, Any], body: dict[str, Any], sign: Callable[[bytes], bytes]) -> str:
    """A token assembled by hand, for algorithms PyJWT refuses to produce."""
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(body).encode())}"
    return f"{signing_input}.{_b64(sign(signing_input.encode()))}"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_401(response: Any) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.headers["content-type"].startswith("application/json")
    # Every failure reads the same: nothing tells a caller which check its token failed.
    assert response.json() == {"detail": INVALID_TOKEN}


# ---- cognito: the good token --------------------------------------------------------------


def test_valid_access_token_is_accepted_and_its_sub_is_the_user(
    cognito: TestClient, connection: Any
) -> None:
    response = cognito.get("/api/tracked", headers=bearer(rs256()))
    assert response.status_code == 200, response.text
    assert response.json() == {"items": [], "next_cursor": None}

    created = cognito.post(
        "/api/tracked", json={"company": "Acme", "title": "SRE"}, headers=bearer(rs256())
    )
    assert created.status_code == 201, created.text
    owner = connection.execute(
        text("SELECT user_id FROM job_tracking WHERE id = :id"), {"id": created.json()["id"]}
    ).scalar_one()
    assert owner == USER_SUB

    listed = cognito.get("/api/tracked", headers=bearer(rs256())).json()["items"]
    assert [job["id"] for job in listed] == [created.json()["id"]]
    # Another Cognito user (another sub) does not see it.
    other = cognito.get("/api/tracked", headers=bearer(rs256(sub="someone-else"))).json()
    assert other["items"] == []


def test_every_allowed_client_id_is_accepted(cognito: TestClient) -> None:
    for client_id in ALLOWED_CLIENTS:
        response = cognito.get("/api/tracked", headers=bearer(rs256(client_id=client_id)))
        assert response.status_code == 200, (client_id, response.text)


def _hs256_with_public_pem() -> str:
    # The classic algorithm-confusion forgery: HMAC keyed with the RSA public key's PEM.
    return forged(
        {"alg": "HS256", "typ": "JWT", "kid": KID},
        claims(),
        lambda data: hmac.new(PUBLIC_PEM, data, hashlib.sha256).digest(),
    )


BAD_TOKENS: dict[str, Callable[[], dict[str, str]]] = {
    "no token": lambda: {},
    "empty bearer": lambda: {"Authorization": "Bearer "},
    "malformed": lambda: bearer("not-a-jwt"),
    "malformed three parts": lambda: bearer("aaa.bbb.ccc"),
    "non-bearer scheme": lambda: {"Authorization": f"Basic {rs256()}"},
    "token without scheme": lambda: {"Authorization": rs256()},
    "alg none": lambda: bearer(
        forged({"alg": "none", "typ": "JWT", "kid": KID}, claims(), lambda _: b"")
    ),
    "hs256 with public key": lambda: bearer(_hs256_with_public_pem()),
    "rs512 not rs256": lambda: bearer(rs256(alg="RS512")),
    "signed by another key": lambda: bearer(rs256(key=ROTATED_KEY, kid=KID)),
    "tampered payload": lambda: bearer(
        ".".join(
            [
                rs256().split(".")[0],
                _b64(json.dumps(claims(sub="admin")).encode()),
                rs256().split(".")[2],
            ]
        )
    ),
    "expired": lambda: bearer(rs256(exp=int(time.time()) - 5, iat=int(time.time()) - 3600)),
    "no exp": lambda: bearer(rs256(exp=DROP)),
    "wrong issuer": lambda: bearer(
        rs256(iss=f"https://cognito-idp.{REGION}.amazonaws.com/{REGION}_OtherPool")
    ),
    "no issuer": lambda: bearer(rs256(iss=DROP)),
    "id token with client_id": lambda: bearer(rs256(token_use="id")),
    "id token as cognito issues it": lambda: bearer(
        rs256(token_use="id", client_id=DROP, aud="client-a", email="a@example.com")
    ),
    "no token_use": lambda: bearer(rs256(token_use=DROP)),
    "client_id not allowed": lambda: bearer(rs256(client_id="client-c")),
    "no client_id": lambda: bearer(rs256(client_id=DROP)),
    "missing sub": lambda: bearer(rs256(sub=DROP)),
    "empty sub": lambda: bearer(rs256(sub="")),
    "no kid": lambda: bearer(rs256(kid=None)),
    "unknown kid": lambda: bearer(rs256(key=ROTATED_KEY, kid="no-such-kid")),
}


@pytest.mark.parametrize("case", list(BAD_TOKENS))
def test_cognito_rejects_bad_tokens_with_401(cognito: TestClient, case: str) -> None:
    assert_401(cognito.get("/api/tracked", headers=BAD_TOKENS[case]()))
    # Writes are refused as well, and nothing was written.
    assert_401(
        cognito.post(
            "/api/tracked", json={"company": "A", "title": "B"}, headers=BAD_TOKENS[case]()
        )
    )
    assert cognito.get("/api/tracked", headers=bearer(rs256())).json()["items"] == []


# ---- cognito: the JWKS cache ----------------------------------------------------------------


class _Clock:
    """Stands in for `time` inside `jwt.jwks_client` only, so a test can pass its cooldown."""

    def __init__(self) -> None:
        self.offset = 0.0

    def monotonic(self) -> float:
        return time.monotonic() + self.offset


@pytest.fixture
def jwks_clock(monkeypatch: pytest.MonkeyPatch) -> _Clock:
    clock = _Clock()
    monkeypatch.setattr(jwt.jwks_client, "time", clock)
    return clock


def test_jwks_is_cached_and_refetched_once_for_an_unknown_kid(
    cognito: TestClient, jwks_server: JwksServer, jwks_path: str, jwks_clock: _Clock
) -> None:
    hits = jwks_server.hits
    assert hits[jwks_path] == 0

    assert cognito.get("/api/tracked", headers=bearer(rs256())).status_code == 200
    assert hits[jwks_path] == 1
    assert cognito.get("/api/tracked", headers=bearer(rs256())).status_code == 200
    assert hits[jwks_path] == 1, "a known kid must be served from the cache"

    jwks_clock.offset += 120  # past PyJWKClient's refresh cooldown
    assert_401(cognito.get("/api/tracked", headers=bearer(rs256(kid="no-such-kid"))))
    assert hits[jwks_path] == 2, "an unknown kid refetches the JWKS exactly once"

    assert cognito.get("/api/tracked", headers=bearer(rs256())).status_code == 200
    assert hits[jwks_path] == 2, "after the refetch, a valid token is served from the cache"


def test_unknown_kids_cannot_force_a_fetch_per_request(
    cognito: TestClient, jwks_server: JwksServer, jwks_path: str, jwks_clock: _Clock
) -> None:
    assert cognito.get("/api/tracked", headers=bearer(rs256())).status_code == 200
    for n in range(5):
        assert_401(cognito.get("/api/tracked", headers=bearer(rs256(kid=f"junk-{n}"))))
    # Within the refresh cooldown no junk kid reaches the pool's JWKS endpoint.
    assert jwks_server.hits[jwks_path] == 1


def test_rotated_key_is_picked_up_by_the_refetch(
    cognito: TestClient, jwks_server: JwksServer, jwks_path: str, jwks_clock: _Clock
) -> None:
    assert cognito.get("/api/tracked", headers=bearer(rs256())).status_code == 200
    assert jwks_server.hits[jwks_path] == 1

    # The pool publishes a new key; a token signed with it must work without a restart.
    jwks_server.keys[jwks_path] = [_jwk(KEY, KID), _jwk(ROTATED_KEY, ROTATED_KID)]
    jwks_clock.offset += 120
    rotated = bearer(rs256(key=ROTATED_KEY, kid=ROTATED_KID))
    assert cognito.get("/api/tracked", headers=rotated).status_code == 200
    assert jwks_server.hits[jwks_path] == 2
    assert cognito.get("/api/tracked", headers=rotated).status_code == 200
    assert cognito.get("/api/tracked", headers=bearer(rs256())).status_code == 200
    assert jwks_server.hits[jwks_path] == 2


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_jwks_is_503_not_401_and_not_500(database_url: str, connection: Any) -> None:
    settings = Settings(
        auth_mode="cognito",
        cognito_user_pool_id=POOL_ID,
        aws_region=REGION,
        cognito_client_id=ALLOWED_CLIENTS,
        cognito_jwks_url=f"http://127.0.0.1:{_closed_port()}/{uuid.uuid4().hex}/jwks.json",
        database_url=database_url,
    )
    app = app_in_test_transaction(settings, connection)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/tracked", headers=bearer(rs256()))
    assert response.status_code == 503, response.text
    assert "sign-in service" in response.json()["detail"]


# ---- cognito: what is off -------------------------------------------------------------------


def test_cognito_mode_has_no_dev_token_and_no_docs(cognito: TestClient) -> None:
    response = cognito.post("/api/auth/dev-token", json={"sub": "alice"})
    assert response.status_code == 404
    assert "access_token" not in response.text
    assert cognito.get("/api/openapi.json").status_code == 404
    assert cognito.get("/api/docs").status_code == 404


def test_cognito_docs_can_be_enabled_by_a_setting(
    cognito_settings: Settings, connection: Any
) -> None:
    settings = cognito_settings.model_copy(update={"docs_enabled": True})
    with TestClient(app_in_test_transaction(settings, connection)) as client:
        assert client.get("/api/openapi.json").status_code == 200
        assert client.get("/api/docs").status_code == 200
        assert client.post("/api/auth/dev-token", json={"sub": "alice"}).status_code == 404


def test_health_needs_no_token_in_cognito_mode(
    cognito: TestClient, jwks_server: JwksServer, jwks_path: str
) -> None:
    response = cognito.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "schema_version": SCHEMA_VERSION}
    assert jwks_server.hits[jwks_path] == 0


# No token: health, the dev token itself, the calendar feed (its secret URL is the
# credential: tests/integration/test_calendar_feed.py) and the mail's unsubscribe link (its
# signed token is: tests/integration/test_notifications.py).
PUBLIC_ROUTES = (
    "/api/health",
    "/api/auth/dev-token",
    "/api/calendar/feed/{secret}.ics",
    "/api/notifications/unsubscribe",
)


def _protected_calls(app: FastAPI) -> list[tuple[str, str]]:
    calls = []
    for method, template in sorted(api_routes(app)):
        if not template.startswith("/api/") or template in PUBLIC_ROUTES:
            continue
        path = re.sub(r"\{[a-z]+_id\}", "1", template)  # every object id, e.g. {job_id}
        assert "{" not in path, f"fill in the new path parameter of {template}"
        calls.append((method, path))
    return calls


def test_every_other_api_route_needs_a_token(cognito_app: FastAPI, cognito: TestClient) -> None:
    calls = _protected_calls(cognito_app)
    assert ("GET", "/api/tracked") in calls
    assert ("DELETE", "/api/tracked/1/events/1") in calls
    for method, path in calls:
        response = cognito.request(method, path, json={}, params={"filename": "a.pdf"})
        assert response.status_code == 401, (method, path, response.text)
        assert response.headers["www-authenticate"] == "Bearer"


# ---- dev mode -------------------------------------------------------------------------------


def test_dev_token_is_issued_and_accepted(client: TestClient) -> None:
    response = client.post("/api/auth/dev-token", json={"sub": "alice"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"access_token", "token_type"}
    assert body["token_type"] == "bearer"
    header = jwt.get_unverified_header(body["access_token"])
    assert header["alg"] == "HS256"

    created = client.post(
        "/api/tracked",
        json={"company": "Acme", "title": "Dev"},
        headers=bearer(body["access_token"]),
    )
    assert created.status_code == 201, created.text
    # The token's sub is the user: alice's tokens from anywhere see the same job, bob's do not.
    alice_items = client.get("/api/tracked", headers=auth("alice")).json()["items"]
    assert [job["id"] for job in alice_items] == [created.json()["id"]]
    assert client.get("/api/tracked", headers=auth("bob")).json()["items"] == []


def _dev_claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base = {"sub": "alice", "iss": DEV_ISSUER, "token_use": "access", "iat": now, "exp": now + 600}
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not DROP}


BAD_DEV_TOKENS: dict[str, Callable[[], str]] = {
    "other secret": lambda: jwt.encode(_dev_claims(), "another-secret-" + "x" * 32, "HS256"),
    "expired": lambda: jwt.encode(
        _dev_claims(exp=int(time.time()) - 5, iat=int(time.time()) - 600), TEST_SECRET, "HS256"
    ),
    "wrong issuer": lambda: jwt.encode(_dev_claims(iss="someone-else"), TEST_SECRET, "HS256"),
    "no sub": lambda: jwt.encode(_dev_claims(sub=DROP), TEST_SECRET, "HS256"),
    "no exp": lambda: jwt.encode(_dev_claims(exp=DROP), TEST_SECRET, "HS256"),
    "alg none": lambda: forged({"alg": "none", "typ": "JWT"}, _dev_claims(), lambda _: b""),
    "rs256 cognito token": lambda: rs256(),
    "malformed": lambda: "garbage",
}


@pytest.mark.parametrize("case", list(BAD_DEV_TOKENS))
def test_dev_mode_rejects_bad_tokens_with_401(client: TestClient, case: str) -> None:
    assert_401(client.get("/api/tracked", headers=bearer(BAD_DEV_TOKENS[case]())))


def test_dev_mode_accepts_its_own_token_and_serves_docs(client: TestClient) -> None:
    # The control for the cases above: the same claims signed with the configured secret work.
    token = jwt.encode(_dev_claims(), TEST_SECRET, "HS256")
    assert client.get("/api/tracked", headers=bearer(token)).status_code == 200
    assert client.get("/api/openapi.json").status_code == 200
    assert client.get("/api/docs").status_code == 200


def test_dev_mode_without_token_is_401_and_health_is_open(client: TestClient) -> None:
    assert_401(client.get("/api/tracked"))
    health = client.get("/api/health")
    assert health.status_code == 200
    assert health.json()["status"] == "ok"


def test_dev_token_rejects_a_blank_or_unknown_body(client: TestClient) -> None:
    assert client.post("/api/auth/dev-token", json={"sub": ""}).status_code == 422
    assert client.post("/api/auth/dev-token", json={"sub": "a", "admin": True}).status_code == 422


# ---- cognito behind the gateway: the authorizer's claims, no JWKS fetch ---------------------


@pytest.fixture
def gateway_invoke(
    cognito_settings: Settings, connection: Any, jwks_server: JwksServer, jwks_path: str
) -> Iterator[Callable[..., dict[str, Any]]]:
    """The Lambda entry as API Gateway calls it, in COGNITO_VERIFY=gateway mode. The JWKS
    server is watched: this mode must never fetch the key set."""
    from mangum import Mangum

    from jobtrack.platform.blocking import one_request_at_a_time
    from tests.apigw_events import LambdaContext, http_api_event

    settings = cognito_settings.model_copy(update={"cognito_verify": "gateway"})
    handler = Mangum(app_in_test_transaction(settings, connection), lifespan="off")

    def call(
        method: str, path: str, *, authorizer_claims: Any = None, **kwargs: Any
    ) -> dict[str, Any]:
        event = http_api_event(method, path, token="opaque-to-the-app", **kwargs)
        if authorizer_claims is not None:
            event["requestContext"]["authorizer"] = {
                "jwt": {"claims": authorizer_claims, "scopes": None}
            }
        with one_request_at_a_time():
            return dict(handler(event, LambdaContext()))

    yield call
    assert jwks_server.hits[jwks_path] == 0


def _gateway_claims(**overrides: Any) -> dict[str, Any]:
    # HTTP API hands the claims over as strings.
    return {k: str(v) for k, v in claims(**overrides).items()}


def test_behind_the_gateway_the_authorizers_claims_name_the_user(
    gateway_invoke: Callable[..., dict[str, Any]], connection: Any
) -> None:
    from tests.apigw_events import response_json

    created = gateway_invoke(
        "POST",
        "/api/tracked",
        json_body={"company": "Acme", "title": "SRE"},
        authorizer_claims=_gateway_claims(),
    )
    assert created["statusCode"] == 201, created
    job_id = response_json(created)["id"]
    owner = connection.execute(
        text("SELECT user_id FROM job_tracking WHERE id = :id"), {"id": job_id}
    ).scalar_one()
    assert owner == USER_SUB
    listed = gateway_invoke("GET", "/api/tracked", authorizer_claims=_gateway_claims())
    assert [job["id"] for job in response_json(listed)["items"]] == [job_id]


@pytest.mark.parametrize(
    "overrides",
    [
        {"token_use": "id"},  # an ID token: the authorizer checks only iss, aud/client, exp
        {"client_id": "someone-elses-client"},
        {"iss": "https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_Other"},
        {"exp": int(time.time()) - 1},
        {"exp": "soon"},
        {"sub": ""},
        {"sub": DROP},
    ],
)
def test_behind_the_gateway_claims_the_app_would_refuse_are_refused(
    gateway_invoke: Callable[..., dict[str, Any]], overrides: dict[str, Any]
) -> None:
    response = gateway_invoke("GET", "/api/tracked", authorizer_claims=_gateway_claims(**overrides))
    assert response["statusCode"] == 401, response
    assert json.loads(response["body"]) == {"detail": INVALID_TOKEN}


def test_behind_the_gateway_a_request_without_authorizer_claims_is_refused(
    gateway_invoke: Callable[..., dict[str, Any]],
) -> None:
    # Even with a token the app could verify itself: in this mode only what the authorizer
    # verified is trusted (a direct invoke or another trigger carries no claims).
    response = gateway_invoke("GET", "/api/tracked", headers={"authorization": f"Bearer {rs256()}"})
    assert response["statusCode"] == 401, response
