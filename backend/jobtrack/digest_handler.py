"""The `digest` Lambda: the hourly schedule's run of the sender, and SES's bounces and
complaints (through SNS) turning a user's digest off.

EventBridge invokes it with a scheduled event (`"source": "aws.events"`, `time` the scheduled
instant); SNS with `Records` whose `Sns.Message` is SES's event JSON. The engine and the SES
client are built once per container, on first use.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from jobtrack.notifications import sender, transport, vapid, webpush
from jobtrack.notifications.schemas import PausedReason
from jobtrack.platform.db.session import get_sessionmaker
from jobtrack.platform.settings import get_settings

logger = logging.getLogger("jobtrack.notifications")


def _now(event: dict[str, Any]) -> dt.datetime:
    # The schedule's own instant (a retried invocation keeps it), else the clock.
    raw = event.get("time")
    if isinstance(raw, str):
        try:
            return dt.datetime.fromisoformat(raw.replace("Z", "+00:00")).astimezone(dt.UTC)
        except ValueError:
            pass
    return dt.datetime.now(dt.UTC)


def feedback(message: dict[str, Any]) -> tuple[PausedReason, list[str]] | None:
    """What an SES event asks for: a permanent bounce or a complaint pauses the recipients'
    digests; anything else (a transient bounce, a delivery) nothing."""
    kind = message.get("eventType") or message.get("notificationType")
    if kind == "Bounce":
        bounce = message.get("bounce") or {}
        if bounce.get("bounceType") != "Permanent":
            return None
        recipients = bounce.get("bouncedRecipients") or []
        return "bounce", [str(r.get("emailAddress")) for r in recipients if r.get("emailAddress")]
    if kind == "Complaint":
        recipients = (message.get("complaint") or {}).get("complainedRecipients") or []
        return "complaint", [
            str(r.get("emailAddress")) for r in recipients if r.get("emailAddress")
        ]
    return None


def _handle_feedback(records: list[dict[str, Any]]) -> dict[str, Any]:
    paused: list[str] = []
    for record in records:
        try:
            message = json.loads(record["Sns"]["Message"])
        except (KeyError, TypeError, ValueError):
            logger.warning("SNS record without an SES event; ignored")
            continue
        wanted = feedback(message)
        if wanted is None:
            continue
        reason, emails = wanted
        paused += sender.pause_for_feedback(
            sessions=get_sessionmaker(),
            message_id=(message.get("mail") or {}).get("messageId"),
            emails=emails,
            reason=reason,
            now=dt.datetime.now(dt.UTC),
        )
    # Counts only: user ids and addresses stay out of the logs.
    return {"paused": len(paused)}


def relay_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The `mail-relay` function (outside the VPC): one raw message to SES, with backoff on
    throttling within this invocation's time."""

    def time_left_s() -> float:
        remaining = getattr(context, "get_remaining_time_in_millis", None)
        return remaining() / 1000 if callable(remaining) else float("inf")

    settings = get_settings()
    if _Relay.ses is None:
        import boto3

        _Relay.ses = boto3.client("sesv2", region_name=settings.aws_region)
    ses = transport.SesMailer(
        _Relay.ses, configuration_set=settings.ses_configuration_set, time_left_s=time_left_s
    )
    return transport.relay(event, ses)


class _Relay:
    ses: Any = None  # one SES client per container
    pusher: webpush.WebPusher | None = None  # one VAPID key and HTTP session per container


def push_relay_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The `push-relay` function (outside the VPC): one user's pushes to their browsers' push
    services, signed with the VAPID key from `VAPID_SECRET_ARN`."""
    del context
    if _Relay.pusher is None:
        settings = get_settings()
        keys = vapid.keys_for(settings)
        if keys is None:
            return {"error": "no VAPID key yet"}
        _Relay.pusher = webpush.WebPusher(keys, subject=webpush.subject_for(settings))
    return dict(webpush.relay(event, _Relay.pusher))


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    if isinstance(event.get("Records"), list):
        return _handle_feedback(event["Records"])

    def time_left_s() -> float:
        remaining = getattr(context, "get_remaining_time_in_millis", None)
        return remaining() / 1000 if callable(remaining) else float("inf")

    settings = get_settings()
    mailer = transport.mailer_for(settings, time_left_s=time_left_s)
    if mailer is None:
        logger.warning("no MAIL_FROM and no SMTP_URL: no digest sent")
        return {"sent": 0}
    sent = sender.run(
        now=_now(event),
        sessions=get_sessionmaker(),
        mailer=mailer,
        setup=sender.setup_for(settings),
        time_left_s=time_left_s,
        pusher=webpush.pusher_for(settings),
    )
    logger.info("digest run: %d sent", len(sent))
    return {"sent": len(sent)}
