"""A local push service and the browser behind it, for tests and `make dev`: it hands out
subscriptions (a P-256 key pair and an auth secret of its own, as a browser makes them),
receives Web Pushes over HTTPS, checks the VAPID signature (RFC 8292) and DECRYPTS each body
(aes128gcm, RFC 8291, with http_ece) with the subscription's private key: what it keeps is
what a browser's service worker would be given.

    python scripts/pushcatcher.py --port 8443 --dir .data/push

`POST /subscriptions` makes a subscription and answers its `toJSON()`; `POST /push/<id>` is a
subscription's endpoint (201; a subscription marked gone answers 410); `POST
/subscriptions/<id>/gone` marks it so; `GET /messages.json` lists what arrived, decrypted;
`GET /health`. It serves TLS with a self-signed certificate for 127.0.0.1 written to
`<dir>/cert.pem` (the sender trusts it through PUSH_CA_BUNDLE).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime as dt
import ipaddress
import json
import os
import secrets
import signal
import ssl
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import http_ece
import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Subscription:
    """What a browser keeps for one push subscription."""

    id: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    gone: bool = False

    def as_json(self, base_url: str) -> dict[str, Any]:
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": f"{base_url}/push/{self.id}",
            "expirationTime": None,
            "keys": {"p256dh": _b64(public), "auth": _b64(self.auth)},
        }


@dataclass
class Received:
    subscription: str
    payload: str
    ttl: str
    vapid_sub: str
    vapid_key: str


@dataclass
class Catcher:
    subscriptions: dict[str, Subscription] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def subscribe(self) -> Subscription:
        sub = Subscription(
            id=secrets.token_hex(8),
            private_key=ec.generate_private_key(ec.SECP256R1()),
            auth=secrets.token_bytes(16),
        )
        with self.lock:
            self.subscriptions[sub.id] = sub
        return sub

    def deliver(self, sub_id: str, headers: Any, body: bytes, origin: str) -> int:
        """A push service's answer to one push: 201 stored, 410 gone, 404 unknown, 400/401/403
        for a push a real service would refuse."""
        sub = self.subscriptions.get(sub_id)
        if sub is None:
            return 404
        if sub.gone:
            return 410
        if headers.get("Content-Encoding") != "aes128gcm" or not headers.get("TTL"):
            return self._refuse(400, "not aes128gcm or no TTL")
        claims = _check_vapid(headers.get("Authorization", ""), audience=origin)
        if claims is None:
            return self._refuse(401, "no valid VAPID signature")
        try:
            plain = http_ece.decrypt(
                body, private_key=sub.private_key, auth_secret=sub.auth, version="aes128gcm"
            )
        except Exception:
            return self._refuse(400, "the body does not decrypt")
        with self.lock:
            self.received.append(
                Received(
                    subscription=sub_id,
                    payload=plain.decode(),
                    ttl=str(headers.get("TTL")),
                    vapid_sub=str(claims[0].get("sub", "")),
                    vapid_key=claims[1],
                )
            )
        return 201

    def _refuse(self, status: int, why: str) -> int:
        with self.lock:
            self.refused.append(why)
        return status


def _check_vapid(authorization: str, *, audience: str) -> tuple[dict[str, Any], str] | None:
    """`vapid t=<JWT>, k=<public key>` (RFC 8292): the JWT signed by that key (ES256), for
    this push service's origin, not expired. Returns the claims and the key."""
    if not authorization.startswith("vapid "):
        return None
    parts = dict(p.strip().split("=", 1) for p in authorization[6:].split(",") if "=" in p)
    try:
        point = _unb64(parts["k"])
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
        claims = jwt.decode(parts["t"], key=key, algorithms=["ES256"], audience=audience)
    except (KeyError, ValueError, jwt.PyJWTError):
        return None
    return claims, parts["k"]


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, and its key, in `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pushcatcher")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    os.chmod(key_path, 0o600)
    return cert_path, key_path


def make_handler(catcher: Catcher, base_url: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, body: Any = None) -> None:
            data = json.dumps(body).encode() if body is not None else b""
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path == "/health":
                self._answer(200, {"ok": True})
            elif self.path == "/messages.json":
                with catcher.lock:
                    found = [vars(r) for r in catcher.received]
                self._answer(200, found)
            else:
                self._answer(404)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            path = self.path.strip("/").split("/")
            if path == ["subscriptions"]:
                self._answer(201, catcher.subscribe().as_json(base_url))
            elif len(path) == 3 and path[0] == "subscriptions" and path[2] == "gone":
                sub = catcher.subscriptions.get(path[1])
                if sub is not None:
                    sub.gone = True
                self._answer(204 if sub else 404)
            elif len(path) == 2 and path[0] == "push":
                self._answer(catcher.deliver(path[1], self.headers, body, base_url))
            else:
                self._answer(404)

        def log_message(self, format: str, *args: Any) -> None:
            return None  # quiet: tests read the catcher, not a log

    return Handler


def serve(directory: Path, port: int = 0) -> tuple[ThreadingHTTPServer, Catcher, str, Path]:
    """Start the catcher on 127.0.0.1:`port` (0: a free one) in a thread; returns the server,
    the catcher, its base URL and the certificate to trust."""
    cert, key = self_signed(directory)
    catcher = Catcher()
    server = ThreadingHTTPServer(("127.0.0.1", port), BaseHTTPRequestHandler)
    base_url = f"https://127.0.0.1:{server.server_address[1]}"
    server.RequestHandlerClass = make_handler(catcher, base_url)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, catcher, base_url, cert


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--dir", type=Path, default=Path(".data/push"))
    args = parser.parse_args()
    server, _, base_url, cert = serve(args.dir, args.port)
    print(f"push catcher at {base_url} (certificate {cert})", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
