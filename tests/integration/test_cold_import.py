"""Importing the Lambda handler connects to nothing and leaves boto3 for the first request.

Run in a fresh interpreter with only the documented configuration variables set, so nothing the test
session imported can hide an eager import. DATABASE_URL and S3_ENDPOINT_URL point at
listening sockets owned by the test (libpq does not go through Python's socket module, so
only a real listener sees it), and the child also records any Python-level connect or lookup.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest

CHILD = textwrap.dedent(
    """
    import json, socket, sys

    attempts = []
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(self, address):
        attempts.append(repr(address))
        return real_connect(self, address)

    def getaddrinfo(*args, **kwargs):
        attempts.append(repr(args[:2]))
        return real_getaddrinfo(*args, **kwargs)

    socket.socket.connect = connect
    socket.getaddrinfo = getaddrinfo

    import jobtrack.lambda_handler as entry
    from jobtrack.platform.db import session as db

    print(json.dumps({
        "handler": callable(entry.handler),
        "attempts": attempts,
        "engine_built": db.holder.engine is not None,
        "modules": sorted(sys.modules),
    }))
    """
)


@pytest.fixture
def listeners() -> Iterator[list[socket.socket]]:
    """Two loopback listeners: one stands in for PostgreSQL, one for S3."""
    opened = []
    for _ in range(2):
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        listener.setblocking(False)
        opened.append(listener)
    yield opened
    for listener in opened:
        listener.close()


def _accepted(listener: socket.socket) -> bool:
    try:
        connection, _ = listener.accept()
    except BlockingIOError:
        return False
    connection.close()
    return True


@pytest.mark.parametrize("auth_mode", ["cognito", "dev"])
def test_handler_import_connects_to_nothing_and_defers_boto3(
    listeners: list[socket.socket], auth_mode: str
) -> None:
    database, storage = (listener.getsockname()[1] for listener in listeners)
    env = {
        "DATABASE_URL": f"postgresql://track:secret@127.0.0.1:{database}/track",
        "RESUME_BUCKET": "track-resumes",
        "S3_ENDPOINT_URL": f"http://127.0.0.1:{storage}",
        "AWS_REGION": "eu-west-1",
        "AUTH_MODE": auth_mode,
        "COGNITO_USER_POOL_ID": "eu-west-1_example",
        "COGNITO_CLIENT_ID": "client-a,client-b",
        "CORS_ORIGINS": "https://track.example.com",
    }
    result = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])

    assert report["handler"]
    assert report["attempts"] == []
    assert not report["engine_built"]
    assert not any(_accepted(listener) for listener in listeners)
    loaded = set(report["modules"])
    for lazy in ("boto3", "botocore", "s3transfer", "icalendar"):
        assert lazy not in loaded, f"{lazy} is imported at cold start"
