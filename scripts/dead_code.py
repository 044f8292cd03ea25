"""Dead code, found by vulture (`make lint` runs this; exit 1 while anything is reported).

vulture reads its settings from `[tool.vulture]` in pyproject.toml: the paths (the product, the
migrations, the scripts and `vulture_allowlist.py`, which names what is used only dynamically),
the decorators that register a function (routes, validators, event listeners) and the names
Alembic reads from a revision. On top of vulture, one rule: a field declared with an annotation
in a class body (a Pydantic or SQLAlchemy model's field, a dataclass's) is read by name by the
library that owns the class, so it is never reported; adding a field needs no allow-list entry.

tests/ is not scanned: code that only tests use is dead in the product, and belongs in tests/.
"""

from __future__ import annotations

import ast
import functools
import sys
from pathlib import Path

from vulture import Vulture
from vulture.config import make_config


@functools.cache
def class_fields(filename: str) -> frozenset[int]:
    """The lines of `filename` that declare an annotated field directly in a class body."""
    tree = ast.parse(Path(filename).read_text(), filename=filename)
    return frozenset(
        statement.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        for statement in node.body
        if isinstance(statement, ast.AnnAssign)
    )


def main() -> int:
    config = make_config([])
    vulture = Vulture(
        ignore_names=config["ignore_names"], ignore_decorators=config["ignore_decorators"]
    )
    vulture.scavenge(config["paths"], exclude=config["exclude"])
    dead = [
        item
        for item in vulture.get_unused_code(min_confidence=config["min_confidence"])
        if not (item.typ == "variable" and item.first_lineno in class_fields(str(item.filename)))
    ]
    for item in dead:
        print(item.get_report())
    if dead:
        print(
            f"{len(dead)} unused; delete it, or name it in vulture_allowlist.py with why it is "
            "used (dynamically)",
            file=sys.stderr,
        )
    return 1 if dead else 0


if __name__ == "__main__":
    sys.exit(main())
