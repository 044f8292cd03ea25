"""A verified token is remembered until its `exp` (or VERIFIED_FOR_S), never a failed one, and
only under the settings that verified it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import jwt
import pytest

from jobtrack.auth import tokens
from jobtrack.platform.errors import Unauthorized
from jobtrack.platform.settings import Settings
from tests import hooks

SECRET = "s" * 32


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    hooks.forget_verified_tokens()
    yield
    hooks.forget_verified_tokens()


def dev(secret: str = SECRET) -> Settings:
    return Settings(auth_mode="dev", dev_jwt_secret=secret)


def token(sub: str = "ann", *, secret: str = SECRET, lifetime_s: int = 600, **extra: Any) -> str:
    now = dt.datetime.now(dt.UTC)
    claims = {
        "sub": sub,
        "iss": tokens.DEV_ISSUER,
        "iat": now,
        "exp": now + dt.timedelta(seconds=lifetime_s),
        **extra,
    }
    return jwt.encode(claims, secret, algorithm="HS256")


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = dt.datetime.now(dt.UTC).timestamp()
        monkeypatch.setattr(tokens, "_now", lambda: self.now)


def count_decodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    decode = tokens._verify_dev

    def counted(raw: str, settings: Settings) -> dict[str, Any]:
        calls.append(raw)
        return decode(raw, settings)

    monkeypatch.setattr(tokens, "_verify_dev", counted)
    return calls


def test_a_token_is_verified_once_then_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    decodes = count_decodes(monkeypatch)
    raw = token()
    assert [tokens.verify_token(raw, dev()) for _ in range(5)] == ["ann"] * 5
    assert decodes == [raw]


def test_a_remembered_token_is_not_answered_from_memory_after_its_exp(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = Clock(monkeypatch)
    decodes = count_decodes(monkeypatch)
    raw = token(lifetime_s=60)
    assert tokens.verify_token(raw, dev()) == "ann"
    clock.now += 59
    tokens.verify_token(raw, dev())
    assert len(decodes) == 1
    clock.now += 2  # past exp: PyJWT decides again (and, on a real clock, refuses)
    tokens.verify_token(raw, dev())
    assert len(decodes) == 2


def test_an_expired_token_is_refused() -> None:
    with pytest.raises(Unauthorized):
        tokens.verify_token(token(lifetime_s=-1), dev())


def test_a_long_lived_token_is_checked_again_after_the_cache_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = Clock(monkeypatch)
    decodes = count_decodes(monkeypatch)
    raw = token(lifetime_s=3600)
    tokens.verify_token(raw, dev())
    clock.now += tokens.VERIFIED_FOR_S - 1
    tokens.verify_token(raw, dev())
    assert len(decodes) == 1
    clock.now += 2
    tokens.verify_token(raw, dev())
    assert len(decodes) == 2


def test_failures_are_never_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    decodes = count_decodes(monkeypatch)
    forged = token(secret="x" * 32)
    for _ in range(3):
        with pytest.raises(Unauthorized):
            tokens.verify_token(forged, dev())
    assert len(decodes) == 3


def test_a_tampered_copy_of_a_remembered_token_is_refused() -> None:
    raw = token()
    assert tokens.verify_token(raw, dev()) == "ann"
    header, _payload, signature = raw.split(".")
    other = token("bo").split(".")[1]
    with pytest.raises(Unauthorized):
        tokens.verify_token(f"{header}.{other}.{signature}", dev())


def test_a_new_secret_forgets_what_the_old_one_verified() -> None:
    raw = token()
    assert tokens.verify_token(raw, dev()) == "ann"
    with pytest.raises(Unauthorized):
        tokens.verify_token(raw, dev(secret="n" * 32))


def test_the_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens, "VERIFIED_MAX", 3)
    decodes = count_decodes(monkeypatch)
    raws = [token(f"user-{n}") for n in range(4)]
    for raw in raws:
        tokens.verify_token(raw, dev())
    assert len(tokens.VERIFIED) == 3
    tokens.verify_token(raws[0], dev())  # the oldest was dropped: verified again
    assert decodes.count(raws[0]) == 2
