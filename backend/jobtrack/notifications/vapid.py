"""The VAPID key pair (RFC 8292) that signs every Web Push: the page subscribes with the public
key, the sender signs with the private one, so a push service accepts pushes for a browser's
subscription from this server only.

Both halves as base64url without padding: the private key the raw 32-byte P-256 scalar, the
public key the 65-byte uncompressed point (what a browser's `applicationServerKey` takes).

Where they come from: `VAPID_SECRET_ARN`, a Secrets Manager JSON secret
`{"private_key", "public_key"}` the stack creates empty and the migrate function fills once
(`ensure_secret`); or `VAPID_PRIVATE_KEY` (`make dev` generates one into `.data/`). Neither:
push is off.
"""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from jobtrack.platform.settings import Settings

PRIVATE_KEY_BYTES = 32


class BadKey(ValueError):
    """The configured VAPID key is not a P-256 private key."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class VapidKeys:
    private_key: str
    public_key: str

    def as_json(self) -> str:
        return json.dumps({"private_key": self.private_key, "public_key": self.public_key})


def _public_of(private: ec.EllipticCurvePrivateKey) -> str:
    return b64url(
        private.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )


def generate() -> VapidKeys:
    """A new P-256 key pair."""
    private = ec.generate_private_key(ec.SECP256R1())
    raw = private.private_numbers().private_value.to_bytes(PRIVATE_KEY_BYTES, "big")
    return VapidKeys(private_key=b64url(raw), public_key=_public_of(private))


def from_private(private_key: str) -> VapidKeys:
    """The pair of a raw base64url private key (the public half derived)."""
    try:
        raw = unb64url(private_key.strip())
        if len(raw) != PRIVATE_KEY_BYTES:
            raise ValueError
        private = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
    except ValueError:
        raise BadKey("the VAPID private key must be a raw P-256 key, 32 bytes base64url") from None
    return VapidKeys(private_key=b64url(raw), public_key=_public_of(private))


def from_secret(secret_string: str) -> VapidKeys | None:
    """The pair a secret holds; None while the secret is still empty (`{}`)."""
    value: Any = json.loads(secret_string or "{}")
    if not isinstance(value, dict) or not value.get("private_key"):
        return None
    return from_private(str(value["private_key"]))


class _Cache:
    lock = threading.Lock()
    keys: dict[str, VapidKeys] = {}


def keys_for(settings: Settings) -> VapidKeys | None:
    """The configured pair (module docstring); None: push is off."""
    if settings.vapid_secret_arn:
        arn = settings.vapid_secret_arn
        with _Cache.lock:
            if arn not in _Cache.keys:
                import boto3  # lazily: only the push routes and the sender need it

                client = boto3.client("secretsmanager", region_name=settings.aws_region)
                keys = from_secret(client.get_secret_value(SecretId=arn).get("SecretString", ""))
                if keys is None:  # not filled yet: ask again next time
                    return None
                _Cache.keys[arn] = keys
            return _Cache.keys[arn]
    if settings.vapid_private_key:
        return from_private(settings.vapid_private_key)
    return None


def ensure_secret(client: Any, secret_arn: str) -> bool:
    """Fill the stack's empty VAPID secret with a new pair; True when it wrote one. A secret
    that holds a pair keeps it: a new key would orphan every browser's subscription."""
    current = client.get_secret_value(SecretId=secret_arn).get("SecretString", "")
    if from_secret(current) is not None:
        return False
    client.put_secret_value(SecretId=secret_arn, SecretString=generate().as_json())
    return True
