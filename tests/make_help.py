"""`make help` as a person runs it, and the targets it lists (for the help test and the docs
test, which checks that every `make` target a doc names is one)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
HELP_LINE = re.compile(r"^  make (?P<target>[A-Za-z0-9][A-Za-z0-9_.-]*) +(?P<desc>\S.*)$")


def make_help() -> list[str]:
    """The lines `make help` prints; not under the MAKEFLAGS of an outer `make test` (-n, -j...)."""
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    result = subprocess.run(
        ["make", "--no-print-directory", "help"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.splitlines()


def helped_targets(lines: list[str]) -> list[str]:
    return [m["target"] for line in lines if (m := HELP_LINE.match(line))]
