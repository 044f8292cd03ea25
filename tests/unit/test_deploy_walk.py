"""docs/deploy.md is a walk an operator follows top to bottom: its steps are numbered without
gaps, and every AWS CLI command and every `make` target that reaches AWS names its region
(the CLI otherwise takes the profile's region and osls `us-east-1`, and a stack elsewhere is
"not found")."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"
# The make targets that call AWS; the others (package, reattach's printing) are offline.
AWS_TARGETS = ("deploy", "deploy-api", "deploy-page", "remove", "preflight", "migrate-remote")
WALK = "## The walk: from a fresh account to a resume upload"


def _commands() -> list[str]:
    """Each command of the fenced blocks and code spans, continuation lines joined."""
    text = DOC.read_text(encoding="utf-8")
    found: list[str] = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", text, re.S):
        joined = re.sub(r"\\\n\s*", " ", block)
        found += [line.split(" # ")[0].strip() for line in joined.splitlines()]
    without_blocks = re.sub(r"```.*?```", "", text, flags=re.S)
    found += [" ".join(span.split()) for span in re.findall(r"`([^`]+)`", without_blocks)]
    return found


def _aws_commands() -> list[str]:
    calls = []
    for command in _commands():
        calls += re.findall(r"(?:^|\$\(|&& )(aws [a-z0-9-]+ [a-z0-9-]+.*?)(?:\)|$)", command)
    return calls


def test_every_aws_cli_command_names_its_region() -> None:
    calls = _aws_commands()
    assert len(calls) > 40  # the walk, the drill, rotation, removal and re-attach
    assert [c for c in calls if "--region" not in c] == []


def test_every_make_target_that_reaches_aws_names_its_region() -> None:
    calls = [
        c
        for c in _commands()
        if re.match(rf"make ({'|'.join(AWS_TARGETS)}) STAGE=", c) and "STAGE=<" not in c
    ]
    assert calls
    assert [c for c in calls if "REGION=" not in c] == []


def test_the_walk_is_numbered_steps_without_gaps() -> None:
    text = DOC.read_text(encoding="utf-8")
    walk = text.split(WALK, 1)[1].split("\n## ", 1)[0]
    numbers = [int(n) for n in re.findall(r"^### (\d+)\. ", walk, re.M)]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) >= 12
