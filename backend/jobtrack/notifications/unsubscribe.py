"""The signed token in a digest's unsubscribe link: who it is for and what it may do.

`<key id>.<user id, base64url>.<HMAC-SHA256, base64url>`, the MAC over a purpose and the user
id. A key ring signs and verifies: the current key signs, the current and the previous keys
verify, so rotating the key without notice leaves the links of mail already sent working until
the key after next. The key id (a hash prefix of the key, not a secret) picks the key.

The ring comes from `MAIL_SIGNING_SECRET_ARN` (a Secrets Manager JSON secret
`{"key": ..., "previous_key": ...}`, which the stack generates), or `MAIL_SIGNING_KEYS`
(comma-separated, the first signs), or in dev auth mode from the dev token secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from dataclasses import dataclass
from typing import Any

from jobtrack.platform.settings import Settings

UNSUBSCRIBE = "unsubscribe"
_KEY_ID_CHARS = 8


class NoSigningKey(RuntimeError):
    """Mail links cannot be signed: no key is configured."""


@dataclass(frozen=True)
class KeyRing:
    current: bytes
    previous: tuple[bytes, ...] = ()

    def by_id(self, key_id: str) -> bytes | None:
        for key in (self.current, *self.previous):
            if hmac.compare_digest(key_id_of(key), key_id):
                return key
        return None


def key_id_of(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:_KEY_ID_CHARS]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key: bytes, purpose: str, user_id: str) -> bytes:
    message = b"\x00".join((b"track-mail-link", purpose.encode(), user_id.encode()))
    return hmac.new(key, message, hashlib.sha256).digest()


def sign(ring: KeyRing, *, user_id: str, purpose: str = UNSUBSCRIBE) -> str:
    key = ring.current
    return ".".join((key_id_of(key), _b64(user_id.encode()), _b64(_mac(key, purpose, user_id))))


def verify(ring: KeyRing, token: str, *, purpose: str = UNSUBSCRIBE) -> str | None:
    """The user id the token was signed for with this purpose, or None (forged, unknown key,
    other purpose, malformed)."""
    parts = token.split(".")
    if len(parts) != 3 or len(token) > 1_000:
        return None
    key_id, user_part, mac_part = parts
    key = ring.by_id(key_id)
    if key is None:
        return None
    try:
        user_id = _unb64(user_part).decode()
        mac = _unb64(mac_part)
    except (ValueError, UnicodeDecodeError):
        return None
    if not user_id or not hmac.compare_digest(mac, _mac(key, purpose, user_id)):
        return None
    return user_id


# ---- where the keys come from ------------------------------------------------------------


class _Cache:
    lock = threading.Lock()
    rings: dict[str, KeyRing] = {}


def ring_from_secret(secret_string: str) -> KeyRing:
    value: Any = json.loads(secret_string)
    current = value["key"]
    previous = value.get("previous_key")
    return KeyRing(current=current.encode(), previous=(previous.encode(),) if previous else ())


def _read_secret(secret_arn: str, region: str) -> KeyRing:
    with _Cache.lock:
        if secret_arn not in _Cache.rings:
            import boto3  # lazily: only the sender and the unsubscribe route need it

            client = boto3.client("secretsmanager", region_name=region)
            secret = client.get_secret_value(SecretId=secret_arn)["SecretString"]
            _Cache.rings[secret_arn] = ring_from_secret(secret)
        return _Cache.rings[secret_arn]


def key_ring(settings: Settings) -> KeyRing:
    """The configured ring (module docstring); NoSigningKey when there is none."""
    if settings.mail_signing_secret_arn:
        return _read_secret(settings.mail_signing_secret_arn, settings.aws_region)
    if settings.mail_signing_keys:
        keys = [key.encode() for key in settings.mail_signing_keys]
        return KeyRing(current=keys[0], previous=tuple(keys[1:]))
    if settings.auth_mode == "dev":
        derived = hmac.new(
            settings.dev_jwt_secret.encode(), b"track-mail-signing", hashlib.sha256
        ).digest()
        return KeyRing(current=derived)
    raise NoSigningKey("set MAIL_SIGNING_SECRET_ARN or MAIL_SIGNING_KEYS to sign mail links")
