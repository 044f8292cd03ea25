"""Sending one Web Push: encrypted for the browser (RFC 8291, aes128gcm) and signed with the
server's VAPID key (RFC 8292) by pywebpush, posted to the subscription's push service.

`Pusher.push` answers `DELIVERED` or `GONE` (404/410: the browser dropped the subscription, so
the sender removes it) and raises `PushFailed` for anything else (logged and counted by the
sender; never a reason to fail the mail). On AWS the digest function runs in the database's
VPC, which has no way to the internet: `RelayPusher` hands the pushes to the `push-relay`
function outside it (`relay` is that function's side).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from email.utils import parseaddr
from typing import Any, Literal, Protocol

from jobtrack.notifications import vapid
from jobtrack.platform.settings import Settings

Outcome = Literal["delivered", "gone", "failed"]
GONE_STATUSES = frozenset({404, 410})
TTL_S = 12 * 3600  # a digest's summary is stale by the evening
TIMEOUT_S = 10.0


class PushFailed(RuntimeError):
    """The push service refused or could not be reached; the subscription stays."""


@dataclass(frozen=True)
class PushTarget:
    """A browser's subscription, as the push service and RFC 8291 need it."""

    endpoint: str
    p256dh: str
    auth: str

    def subscription_info(self) -> dict[str, Any]:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class Pusher(Protocol):
    def push_all(self, targets: Sequence[PushTarget], data: str) -> list[Outcome]:
        """Push `data` to each target; one outcome per target, in order."""
        ...


def subject_for(settings: Settings) -> str:
    """The VAPID `sub` claim push services may write to: the From address, else the page."""
    address = parseaddr(settings.mail_from or "")[1]
    if address:
        return f"mailto:{address}"
    if settings.page_url and settings.page_url.startswith("https://"):
        return settings.page_url
    return "mailto:track@localhost"


class WebPusher:
    """pywebpush over one requests session (its connections reused across a run)."""

    def __init__(self, keys: vapid.VapidKeys, *, subject: str, ca_bundle: str | None = None):
        import requests
        from py_vapid import Vapid02

        self.signer = Vapid02.from_raw(keys.private_key.encode())
        self.subject = subject
        self.session = requests.Session()
        if ca_bundle:
            # requests lets REQUESTS_CA_BUNDLE from the environment win over a session's
            # verify; a bundle given here is meant, so the environment is not consulted.
            self.session.trust_env = False
            self.session.verify = ca_bundle

    def push(self, target: PushTarget, data: str) -> Outcome:
        from pywebpush import WebPushException, webpush

        try:
            webpush(
                target.subscription_info(),
                data=data,
                vapid_private_key=self.signer,
                vapid_claims={"sub": self.subject},
                ttl=TTL_S,
                timeout=TIMEOUT_S,
                requests_session=self.session,
            )
        except WebPushException as exc:
            status = getattr(exc.response, "status_code", None)
            if status in GONE_STATUSES:
                return "gone"
            raise PushFailed(f"the push service answered {status}") from exc
        except Exception as exc:  # the network, TLS, a malformed key
            raise PushFailed(f"push not sent ({type(exc).__name__})") from exc
        return "delivered"

    def push_all(self, targets: Sequence[PushTarget], data: str) -> list[Outcome]:
        outcomes: list[Outcome] = []
        for target in targets:
            try:
                outcomes.append(self.push(target, data))
            except PushFailed:
                outcomes.append("failed")
        return outcomes


class RelayPusher:
    """One `push-relay` invocation per user: their subscriptions and the summary."""

    def __init__(self, client: Any, *, function_name: str) -> None:
        self.client = client
        self.function_name = function_name

    def push_all(self, targets: Sequence[PushTarget], data: str) -> list[Outcome]:
        payload = {"targets": [asdict(t) for t in targets], "data": data}
        try:
            response = self.client.invoke(
                FunctionName=self.function_name, Payload=json.dumps(payload).encode()
            )
            answer = json.loads(response["Payload"].read() or b"{}")
            outcomes = answer["outcomes"]
        except Exception as exc:
            raise PushFailed(f"the push relay failed ({type(exc).__name__})") from exc
        if response.get("FunctionError") or len(outcomes) != len(targets):
            raise PushFailed("the push relay refused the pushes")
        return [o if o in ("delivered", "gone") else "failed" for o in outcomes]


def relay(event: dict[str, Any], pusher: WebPusher) -> dict[str, list[Outcome]]:
    """The relay's side of `RelayPusher`."""
    targets = [PushTarget(**t) for t in event["targets"]]
    return {"outcomes": pusher.push_all(targets, str(event["data"]))}


def pusher_for(settings: Settings) -> Pusher | None:
    """Through the relay function when `PUSH_RELAY_FUNCTION` names one, else directly with the
    configured VAPID key; None: push is off."""
    if settings.push_relay_function:
        import boto3  # lazily: the API's cold start never needs it

        return RelayPusher(
            boto3.client("lambda", region_name=settings.aws_region),
            function_name=settings.push_relay_function,
        )
    keys = vapid.keys_for(settings)
    if keys is None:
        return None
    return WebPusher(keys, subject=subject_for(settings), ca_bundle=settings.push_ca_bundle)
