"""Write the API's OpenAPI document to `openapi.json` at the repository root, from the app itself.

Production turns `/api/openapi.json` off, so front-end tools read this committed file instead
(the page's API types are generated from it). The app is built in dev auth mode, so the
document lists every route, `POST /api/auth/dev-token` included (dev mode only). The output
is deterministic: the same code always writes the same bytes. `--check` exits 1 with a diff
when the committed file is stale (`make generate-check`; `make generate` rewrites it).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if importlib.util.find_spec("jobtrack") is None:  # run from a checkout without `pip install -e`
    sys.path.insert(0, str(REPO_ROOT / "backend"))

from generated_file import write_or_check  # noqa: E402
from jobtrack.main import create_app  # noqa: E402
from jobtrack.platform.settings import Settings  # noqa: E402

DEFAULT_OUT = REPO_ROOT / "openapi.json"


def openapi_document() -> str:
    """The document as committed: two-space JSON, keys in the app's order, a final newline."""
    # Dummy values: building the app reads settings but connects to nothing.
    settings = Settings(
        auth_mode="dev", dev_jwt_secret="openapi-generation-only", docs_enabled=True
    )
    schema = create_app(settings).openapi()
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 with a diff if stale")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="default: openapi.json")
    args = parser.parse_args(argv)
    content = openapi_document()
    return write_or_check(
        args.out, content, check=args.check, name=args.out.name, source="the code"
    )


if __name__ == "__main__":
    sys.exit(main())
