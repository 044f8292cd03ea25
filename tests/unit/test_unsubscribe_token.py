"""The unsubscribe token: signed per user and purpose, verified by the current and previous key."""

from __future__ import annotations

import json

import pytest

from jobtrack.notifications import unsubscribe
from jobtrack.platform.settings import Settings

OLD = unsubscribe.KeyRing(current=b"old key")
ROTATED = unsubscribe.KeyRing(current=b"new key", previous=(b"old key",))
ROTATED_TWICE = unsubscribe.KeyRing(current=b"newer key", previous=(b"new key",))


def test_a_token_names_its_user() -> None:
    token = unsubscribe.sign(OLD, user_id="alice")
    assert unsubscribe.verify(OLD, token) == "alice"
    assert token.split(".")[0] == unsubscribe.key_id_of(b"old key")


def test_another_users_id_under_the_same_mac_is_refused() -> None:
    alice = unsubscribe.sign(OLD, user_id="alice").split(".")
    bob = unsubscribe.sign(OLD, user_id="bob").split(".")
    assert unsubscribe.verify(OLD, ".".join((alice[0], bob[1], alice[2]))) is None


def test_another_purpose_is_refused() -> None:
    token = unsubscribe.sign(OLD, user_id="alice", purpose="export")
    assert unsubscribe.verify(OLD, token) is None
    assert unsubscribe.verify(OLD, token, purpose="export") == "alice"


@pytest.mark.parametrize("token", ["", "a.b", "a.b.c.d", "x" * 2000, "00000000.!!!.???"])
def test_malformed_tokens_are_refused(token: str) -> None:
    assert unsubscribe.verify(OLD, token) is None


def test_a_rotated_key_still_verifies_old_links_and_signs_with_the_new_one() -> None:
    old_link = unsubscribe.sign(OLD, user_id="alice")
    assert unsubscribe.verify(ROTATED, old_link) == "alice"
    new_link = unsubscribe.sign(ROTATED, user_id="alice")
    assert new_link != old_link
    assert unsubscribe.verify(OLD, new_link) is None
    # Two rotations later the oldest key is gone.
    assert unsubscribe.verify(ROTATED_TWICE, old_link) is None
    assert unsubscribe.verify(ROTATED_TWICE, new_link) == "alice"


def test_the_ring_comes_from_the_secret_the_keys_or_dev_mode() -> None:
    secret = json.dumps({"key": "new key", "previous_key": "old key"})
    assert unsubscribe.ring_from_secret(secret) == ROTATED
    listed = unsubscribe.key_ring(Settings(mail_signing_keys="new key, old key"))
    assert listed == ROTATED
    dev = unsubscribe.key_ring(Settings(auth_mode="dev", dev_jwt_secret="s"))
    assert dev == unsubscribe.key_ring(Settings(auth_mode="dev", dev_jwt_secret="s"))
    with pytest.raises(unsubscribe.NoSigningKey):
        unsubscribe.key_ring(Settings(auth_mode="cognito"))
