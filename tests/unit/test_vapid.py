"""The VAPID key pair: generated, read back, and the stack's empty secret filled once; the
relay pusher's round trip through a Lambda-shaped client."""

from __future__ import annotations

import io
import json
from typing import Any

import boto3
import pytest
from moto import mock_aws

from jobtrack.notifications import vapid, webpush


def test_a_generated_pair_reads_back_from_its_private_half() -> None:
    keys = vapid.generate()
    assert len(vapid.unb64url(keys.private_key)) == 32
    point = vapid.unb64url(keys.public_key)
    assert len(point) == 65
    assert point[0] == 4
    assert vapid.from_private(keys.private_key) == keys


@pytest.mark.parametrize("bad", ["", "AAAA", "!" * 43, vapid.b64url(b"\xff" * 32)])
def test_a_bad_private_key_is_refused_saying_what_it_must_be(bad: str) -> None:
    with pytest.raises(vapid.BadKey, match="32 bytes base64url"):
        vapid.from_private(bad)


def test_the_empty_secret_is_filled_once_and_then_kept() -> None:
    with mock_aws():
        client = boto3.client("secretsmanager", region_name="us-east-1")
        arn = client.create_secret(Name="track/vapid-key", SecretString="{}")["ARN"]
        assert vapid.from_secret("{}") is None
        assert vapid.ensure_secret(client, arn) is True
        first = vapid.from_secret(client.get_secret_value(SecretId=arn)["SecretString"])
        assert first is not None
        assert vapid.ensure_secret(client, arn) is False
        again = vapid.from_secret(client.get_secret_value(SecretId=arn)["SecretString"])
        assert again == first


class FakeLambda:
    def __init__(self, answer: dict[str, Any], error: bool = False) -> None:
        self.answer = answer
        self.error = error
        self.payloads: list[dict[str, Any]] = []

    def invoke(self, *, FunctionName: str, Payload: bytes) -> dict[str, Any]:
        self.payloads.append(json.loads(Payload))
        response: dict[str, Any] = {"Payload": io.BytesIO(json.dumps(self.answer).encode())}
        if self.error:
            response["FunctionError"] = "Unhandled"
        return response


TARGETS = [webpush.PushTarget("https://a.push.example/1", "k", "a")] * 2


def test_the_relay_pusher_hands_over_targets_and_reads_each_outcome() -> None:
    client = FakeLambda({"outcomes": ["delivered", "gone"]})
    pusher = webpush.RelayPusher(client, function_name="track-dev-pushRelay")
    assert pusher.push_all(TARGETS, "summary") == ["delivered", "gone"]
    assert client.payloads[0]["data"] == "summary"
    assert client.payloads[0]["targets"][0]["endpoint"] == "https://a.push.example/1"


@pytest.mark.parametrize(
    ("answer", "error"),
    [({"outcomes": ["delivered"]}, False), ({"error": "no VAPID key yet"}, False), ({}, True)],
)
def test_a_relay_that_fails_or_answers_oddly_is_a_push_failure(
    answer: dict[str, Any], error: bool
) -> None:
    pusher = webpush.RelayPusher(FakeLambda(answer, error), function_name="f")
    with pytest.raises(webpush.PushFailed):
        pusher.push_all(TARGETS, "summary")
