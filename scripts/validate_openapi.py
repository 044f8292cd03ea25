"""Validate the committed OpenAPI document with two independent tools; exit 1 on any finding.

- openapi-spec-validator (PyPI): the document against the OpenAPI 3.1 schema. A header object
  without `schema` or `content`, an unknown keyword, a broken `$ref` are errors.
- Spectral (npm, pinned in tools/openapi/package-lock.json) with the committed ruleset
  `.spectral.yaml` (`spectral:oas`, all rules; the few turned off say why there): 0 errors and
  0 warnings, so every finding fails.

openapi-typescript, which generates the page's types, accepts documents both reject: this is
what keeps the document usable by stricter client generators, gateways and documentation tools.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = REPO_ROOT / "openapi.json"
RULESET = REPO_ROOT / ".spectral.yaml"
SPECTRAL = REPO_ROOT / "tools" / "openapi" / "node_modules" / ".bin" / "spectral"


def spec_errors(document: dict[str, object]) -> list[str]:
    """openapi-spec-validator's findings, one line each: where, then what."""
    from openapi_spec_validator import OpenAPIV31SpecValidator
    from referencing.exceptions import Unresolvable

    try:
        return [
            f"{'/'.join(str(part) for part in error.absolute_path) or '(root)'}: {error.message}"
            for error in OpenAPIV31SpecValidator(document).iter_errors()
        ]
    except Unresolvable as unresolvable:  # a $ref that points nowhere stops the walk
        return [f"unresolvable reference: {getattr(unresolvable, 'ref', '?')!r}"]


def spectral_findings(path: Path) -> tuple[int, str]:
    """Spectral's exit status and its report; any warning or error exits non-zero."""
    if not SPECTRAL.exists():
        return 2, f"{SPECTRAL} is missing: run `make openapi-lint-deps` (npm ci in tools/openapi)"
    done = subprocess.run(
        [str(SPECTRAL), "lint", "--ruleset", str(RULESET), "--fail-severity=warn", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, (done.stdout + done.stderr).strip()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("document", nargs="?", type=Path, default=DOCUMENT)
    args = parser.parse_args(argv)
    name = args.document.name
    errors = spec_errors(json.loads(args.document.read_text(encoding="utf-8")))
    print(f"openapi-spec-validator: {name}: " + ("OK" if not errors else f"{len(errors)} error(s)"))
    for line in errors:
        print(f"  {line}")
    status, report = spectral_findings(args.document)
    print(f"spectral (.spectral.yaml): {name}: " + ("OK" if status == 0 else "failed"))
    print("  " + report.replace("\n", "\n  "))
    return 1 if errors or status != 0 else 0


if __name__ == "__main__":
    sys.exit(main())
