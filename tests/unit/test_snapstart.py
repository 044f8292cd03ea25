"""The SnapStart hooks, with a stand-in for the runtime's snapshot_restore_py module."""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from jobtrack.platform.aws import object_store as storage
from jobtrack.platform.db import session as db


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, list[Callable[[], Any]]]]:
    registered: dict[str, list[Callable[[], Any]]] = {"before": [], "after": []}
    fake = types.ModuleType("snapshot_restore_py")
    fake.register_before_snapshot = registered["before"].append  # type: ignore[attr-defined]
    fake.register_after_restore = registered["after"].append  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "snapshot_restore_py", fake)
    monkeypatch.delitem(sys.modules, "jobtrack.platform.aws.snapstart", raising=False)
    importlib.import_module("jobtrack.platform.aws.snapstart")
    yield registered
    sys.modules.pop("jobtrack.platform.aws.snapstart", None)


def test_importing_registers_one_hook_each(hooks: dict[str, list[Callable[[], Any]]]) -> None:
    assert len(hooks["before"]) == 1
    assert len(hooks["after"]) == 1


def test_after_restore_drops_pooled_connections_and_the_s3_client(
    hooks: dict[str, list[Callable[[], Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(db, "discard_pooled_connections", lambda: calls.append("db"))
    monkeypatch.setattr(storage, "reset_client", lambda: calls.append("s3"))
    hooks["after"][0]()
    assert calls == ["db", "s3"]


def test_before_snapshot_loads_boto3(hooks: dict[str, list[Callable[[], Any]]]) -> None:
    hooks["before"][0]()
    assert "boto3.session" in sys.modules
    for lazy in ("jwt", "psycopg2", "sqlalchemy.dialects.postgresql.psycopg2"):
        assert lazy in sys.modules, lazy


def test_the_handler_imports_without_the_runtime_module() -> None:
    """Locally (no snapshot_restore_py) the entry point imports and registers nothing."""
    from importlib.util import find_spec

    assert find_spec("snapshot_restore_py") is None
    module = importlib.import_module("jobtrack.lambda_handler")
    assert callable(module.handler)
