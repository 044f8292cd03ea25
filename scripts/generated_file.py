"""Write a generated file, or check it (`make generate` / `make generate-check`): the one place
that decides "up to date", prints the diff of a stale file and names the command that fixes it."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path


def write_or_check(path: Path, content: str, *, check: bool, name: str, source: str) -> int:
    """`check`: 0 when `path` holds `content`, else 1 with a unified diff. Otherwise write it if
    it differs. `name` is what the messages call the file; `source`, what it is made from."""
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if check:
        if current == content:
            print(f"{name}: up to date")
            return 0
        sys.stdout.writelines(
            difflib.unified_diff(
                current.splitlines(keepends=True),
                content.splitlines(keepends=True),
                f"{path.name} (committed)",
                f"{path.name} (from {source})",
            )
        )
        print(f"\n{name} is stale; run `make generate` and commit the result.")
        return 1
    if current != content:
        path.write_text(content, encoding="utf-8", newline="\n")
        print(f"wrote {name}")
    else:
        print(f"{name} was up to date")
    return 0
