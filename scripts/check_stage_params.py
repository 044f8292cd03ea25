"""Refuse a deploy whose parameters would silently change the stack's shape.

`make deploy-api` runs it before osls: the stage's parameters are serverless.yml's
`params.default`, then `params.<stage>`, then any `--param="k=v"` in OSLS_ARGS (osls's own
order). A stage that asks for the VPC must name its subnets and security groups, or osls
would deploy the functions with an empty subnet list (and prod is committed as `vpc`).

    python scripts/check_stage_params.py --stage prod [osls arguments...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

SERVERLESS_YML = Path(__file__).resolve().parent.parent / "serverless.yml"


class _IgnoreTags(yaml.SafeLoader):
    """serverless.yml carries CloudFormation tags (!Sub, !Ref) outside `params`."""


_IgnoreTags.add_multi_constructor("!", lambda _loader, _suffix, _node: None)


def stage_params(stage: str, osls_args: list[str], source: Path = SERVERLESS_YML) -> dict[str, str]:
    """The parameters osls would resolve for the stage (default < stage < --param)."""
    params: dict[str, Any] = yaml.load(source.read_text(), Loader=_IgnoreTags).get("params", {})
    resolved = {**params.get("default", {}), **(params.get(stage) or {})}
    for arg in osls_args:
        if arg.startswith("--param="):
            key, _, value = arg.removeprefix("--param=").strip("\"'").partition("=")
            resolved[key] = value
    return {key: str(value) for key, value in resolved.items()}


def problems(params: dict[str, str]) -> list[str]:
    """Sentences naming what to set; empty when the deploy may go ahead."""
    found = []
    if params.get("network") == "vpc":
        for key in ("subnetIds", "securityGroupIds"):
            if not params.get(key, "").strip(" ,"):
                found.append(
                    f"network is vpc but {key} is empty: set it under params.<stage> in "
                    f"serverless.yml or pass OSLS_ARGS='--param=\"{key}=...\"' "
                    '(docs/deploy.md, "Parameters")'
                )
    elif params.get("network") != "public":
        found.append(f"network must be 'public' or 'vpc', not {params.get('network')!r}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", required=True)
    args, osls_args = parser.parse_known_args(argv)
    found = problems(stage_params(args.stage, osls_args))
    for problem in found:
        print(f"refusing to deploy stage {args.stage}: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
