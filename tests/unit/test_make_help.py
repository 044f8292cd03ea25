"""`make help` lists every .PHONY target a person runs, one line each.

Targets document themselves with ` ## what it does` on their rule line (Makefile, mk/*.mk);
a new phony target without one fails here. Internal targets are listed below, by name.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.make_help import HELP_LINE, helped_targets, make_help

REPO_ROOT = Path(__file__).resolve().parents[2]
MAKEFILES = [REPO_ROOT / "Makefile", *sorted((REPO_ROOT / "mk").glob("*.mk"))]

# Phony targets that are plumbing, not something to type: they need no help line.
INTERNAL = {
    "require-stage",  # the STAGE= guard the deploy targets depend on
    "checkov-scan",  # the scan step of checkov and test-package
}

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")


def phony_targets() -> dict[str, Path]:
    """Every name in a `.PHONY:` declaration (continuation lines joined), with its file."""
    found: dict[str, Path] = {}
    for makefile in MAKEFILES:
        text = makefile.read_text().replace("\\\n", " ")
        for line in text.splitlines():
            if line.startswith(".PHONY:"):
                for name in line.removeprefix(".PHONY:").split("#", 1)[0].split():
                    found[name] = makefile
    return found


def test_every_phony_target_a_person_runs_has_one_help_line() -> None:
    helped = helped_targets(make_help())
    missing = {
        name: str(path.relative_to(REPO_ROOT))
        for name, path in phony_targets().items()
        if name not in INTERNAL and name not in helped
    }
    assert not missing, (
        f"phony targets without a help line; add ` ## what it does` to the rule line: {missing}"
    )
    duplicated = sorted({name for name in helped if helped.count(name) > 1})
    assert not duplicated, f"targets listed more than once by make help: {duplicated}"


def test_help_lines_are_one_line_each_grouped_by_file() -> None:
    lines = make_help()
    assert lines, "make help printed nothing"
    headers = {str(path.relative_to(REPO_ROOT)) for path in MAKEFILES}
    for line in lines:
        assert line == "" or line in headers or HELP_LINE.match(line), (
            f"unexpected make help line: {line!r}"
        )
    assert lines[0] == "Makefile"
    assert "help" in helped_targets(lines)


def test_internal_targets_exist_and_are_not_listed() -> None:
    phony = phony_targets()
    stale = INTERNAL - phony.keys()
    assert not stale, f"INTERNAL names targets that are no longer phony: {sorted(stale)}"
    listed = INTERNAL & set(helped_targets(make_help()))
    assert not listed, f"internal targets listed by make help: {sorted(listed)}"
