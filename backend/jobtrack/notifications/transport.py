"""Sending one mail: SES (SESv2 `SendEmail` with the raw message and a configuration set) or
an SMTP server (`SMTP_URL`). SES throttling is retried with backoff while the run has time."""

from __future__ import annotations

import base64
import contextlib
import email
import email.policy
import json
import random
import smtplib
import time
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any, Protocol
from urllib.parse import urlsplit

from jobtrack.platform.settings import Settings

# SESv2 answers TooManyRequestsException; the classic API Throttling; a daily quota reached
# is LimitExceededException, which no wait within a run cures (not retried).
THROTTLED = frozenset({"TooManyRequestsException", "Throttling", "ThrottlingException"})
BACKOFF_BASE_S = 0.2
BACKOFF_CAP_S = 5.0
MAX_ATTEMPTS = 8


class SendFailed(RuntimeError):
    """This mail was not sent; the next run retries it."""


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> str:
        """Send the message; returns the provider's message id."""
        ...

    def close(self) -> None: ...


def _error_code(exc: Exception) -> str | None:
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code")
        return code if isinstance(code, str) else None
    return None


class SesMailer:
    parallel = 8  # boto3 clients are thread-safe; SES throttling is retried with backoff

    def __init__(
        self,
        client: Any,
        *,
        configuration_set: str | None,
        time_left_s: Callable[[], float] = lambda: float("inf"),
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client = client
        self.configuration_set = configuration_set
        self.time_left_s = time_left_s
        self.sleep = sleep

    def send(self, message: EmailMessage) -> str:
        request: dict[str, Any] = {
            "FromEmailAddress": str(message["From"]),
            "Destination": {"ToAddresses": [str(message["To"])]},
            "Content": {"Raw": {"Data": message.as_bytes()}},
        }
        if self.configuration_set:
            request["ConfigurationSetName"] = self.configuration_set
        for attempt in range(MAX_ATTEMPTS):
            try:
                return str(self.client.send_email(**request)["MessageId"])
            except Exception as exc:
                code = _error_code(exc)
                if code not in THROTTLED:
                    raise SendFailed(
                        f"SES refused the mail ({code or type(exc).__name__})"
                    ) from exc
                delay = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2**attempt) * random.uniform(0.5, 1)
                # Leave the rest of the run's time to record what was sent.
                if attempt == MAX_ATTEMPTS - 1 or self.time_left_s() < delay + 5:
                    raise SendFailed("SES kept throttling; the next run retries") from exc
                self.sleep(delay)
        raise AssertionError("unreachable")

    def close(self) -> None:
        return None


class SmtpMailer:
    """One connection per run, opened on the first mail."""

    def __init__(self, url: str, *, timeout_s: float = 10) -> None:
        parts = urlsplit(url)
        if parts.scheme != "smtp" or not parts.hostname:
            raise ValueError("SMTP_URL must be smtp://host:port")
        self.host = parts.hostname
        self.port = parts.port or 25
        self.timeout_s = timeout_s
        self.connection: smtplib.SMTP | None = None

    def send(self, message: EmailMessage) -> str:
        try:
            if self.connection is None:
                self.connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout_s)
            self.connection.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise SendFailed(f"the SMTP server refused the mail ({type(exc).__name__})") from exc
        return str(message["Message-ID"])

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self.connection.quit()
            self.connection = None


class RelayMailer:
    """SES through the `mail-relay` function: the digest function runs in the database's VPC,
    which has no route to SES's API, so it hands each raw message to a function outside the
    VPC (Lambda has a VPC endpoint; SES's API has none) and gets SES's message id back."""

    parallel = 8  # each call waits on Lambda and SES; boto3 clients are thread-safe

    def __init__(self, client: Any, *, function_name: str) -> None:
        self.client = client
        self.function_name = function_name

    def send(self, message: EmailMessage) -> str:
        payload = {
            "from": str(message["From"]),
            "to": str(message["To"]),
            "raw": base64.b64encode(message.as_bytes()).decode(),
        }
        try:
            response = self.client.invoke(
                FunctionName=self.function_name, Payload=json.dumps(payload).encode()
            )
            answer = json.loads(response["Payload"].read() or b"{}")
        except Exception as exc:
            raise SendFailed(f"the mail relay failed ({type(exc).__name__})") from exc
        if response.get("FunctionError") or "message_id" not in answer:
            raise SendFailed(f"the mail relay refused the mail ({answer.get('error', 'error')})")
        return str(answer["message_id"])

    def close(self) -> None:
        return None


def relay(event: dict[str, Any], ses: SesMailer) -> dict[str, str]:
    """The relay's side of `RelayMailer`: send the raw message through SES."""
    message = email.message_from_bytes(base64.b64decode(event["raw"]), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    try:
        return {"message_id": ses.send(message)}
    except SendFailed as exc:
        return {"error": str(exc)}


def mailer_for(
    settings: Settings, *, time_left_s: Callable[[], float] = lambda: float("inf")
) -> Mailer | None:
    """SMTP when `SMTP_URL` is set, else SES (through the relay function when
    `MAIL_RELAY_FUNCTION` names one) when `MAIL_FROM` is; None: mail is off."""
    if settings.smtp_url:
        return SmtpMailer(settings.smtp_url)
    if settings.mail_relay_function:
        import boto3  # lazily: the API's cold start never needs it

        return RelayMailer(
            boto3.client("lambda", region_name=settings.aws_region),
            function_name=settings.mail_relay_function,
        )
    if settings.mail_from:
        import boto3  # lazily: the API's cold start never needs SES

        client = boto3.client("sesv2", region_name=settings.aws_region)
        return SesMailer(
            client, configuration_set=settings.ses_configuration_set, time_left_s=time_left_s
        )
    return None
