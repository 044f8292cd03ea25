"""Write the README's layering diagram from the import-linter contracts in pyproject.toml.

Every `layers` contract of `[tool.importlinter]` becomes one block of the diagram, its layers
top to bottom; the diagram goes between the two marker comments in README.md, so the picture
can never disagree with what `lint-imports` checks. `--check` exits 1 with a diff when the
README's diagram is stale (`make generate-check`); `make generate` rewrites it.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generated_file import write_or_check

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_README = REPO_ROOT / "README.md"
DEFAULT_PYPROJECT = REPO_ROOT / "pyproject.toml"
BEGIN = (
    "<!-- BEGIN GENERATED layering: scripts/generate_layering.py from pyproject.toml's "
    "import-linter contracts; do not edit, run `make generate` -->"
)
END = "<!-- END GENERATED layering -->"


class MarkersMissing(Exception):
    """README.md has no place for the diagram."""


def layer_contracts(pyproject: Path) -> list[dict[str, Any]]:
    config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    return [c for c in contracts if c.get("type") == "layers"]


def _layer(layer: str, prefix: str) -> str:
    modules = [m.strip().removeprefix(prefix) for m in layer.split("|")]
    return " | ".join(modules)


def diagram(contracts: list[dict[str, Any]]) -> str:
    """The contracts as one text block: per container, a heading naming the contract, then
    each layer on its own line, top to bottom."""
    blocks: list[str] = []
    for contract in contracts:
        for container in contract.get("containers") or ["jobtrack"]:
            prefix = "jobtrack." if container == "jobtrack" else ""
            lines = [f"{container}    # {contract['id']}: {contract['name']}"]
            lines += [f"  {_layer(layer, prefix)}" for layer in contract["layers"]]
            blocks.append("\n".join(lines))
    return "```text\n" + "\n\n".join(blocks) + "\n```\n"


def render(readme_text: str, contracts: list[dict[str, Any]]) -> str:
    """README.md with the diagram between the markers replaced."""
    start, end = readme_text.find(BEGIN), readme_text.find(END)
    if start < 0 or end < start:
        raise MarkersMissing(
            f"README.md needs the two lines\n{BEGIN}\n{END}\nwhere the layering diagram goes"
        )
    head = readme_text[: start + len(BEGIN)]
    return f"{head}\n{diagram(contracts)}{readme_text[end:]}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 with a diff if stale")
    parser.add_argument("--readme", type=Path, default=DEFAULT_README)
    parser.add_argument("--pyproject", type=Path, default=DEFAULT_PYPROJECT)
    args = parser.parse_args(argv)
    current = args.readme.read_text(encoding="utf-8")
    try:
        content = render(current, layer_contracts(args.pyproject))
    except MarkersMissing as error:
        print(error, file=sys.stderr)
        return 1
    return write_or_check(
        args.readme,
        content,
        check=args.check,
        name=f"{args.readme.name} (layering diagram)",
        source=args.pyproject.name,
    )


if __name__ == "__main__":
    sys.exit(main())
