"""Write infra/deployer-policy.json: the IAM policy that is enough to deploy and remove the stack.

    make deployer-policy      # packages first, then rewrites infra/deployer-policy.json

What CloudFormation needs comes from the compiled templates: for every resource type in them,
the permissions its resource handlers (create, read, update, delete, list) declare in the
CloudFormation resource provider schemas that cfn-lint ships (the registry's own schemas).
To that it adds what osls and the make targets call themselves (`DEPLOY_TOOL_ACTIONS`): the
stack and its change sets, the deployment bucket's objects, the page upload and its
invalidation. `iam:PassRole` is limited to the stack's roles, passed to the services that
take them; the CloudFormation actions to the stack's own name. tests/package/test_deployer_policy.py
checks that the committed file covers every action the compiled templates need.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
POLICY = ROOT / "infra" / "deployer-policy.json"
TEMPLATES = [
    ROOT / ".serverless" / "cloudformation-template-update-stack.json",
    ROOT / ".serverless-prod" / "cloudformation-template-update-stack.json",
]
HANDLERS = ("create", "read", "update", "delete", "list")
# IAM's limit on a managed policy, counted without whitespace.
MANAGED_POLICY_LIMIT = 6144
STACK_PREFIX = "track-"

# What osls (deploy, remove, info, invoke, rollback) and scripts/publish_page.py call besides
# the resource handlers: the stack itself, the deployment bucket's objects, the page's files
# and its CloudFront invalidation, the migrate function's manual invoke.
DEPLOY_TOOL_ACTIONS = (
    "cloudformation:CreateChangeSet",
    "cloudformation:CreateStack",
    "cloudformation:DeleteChangeSet",
    "cloudformation:DeleteStack",
    "cloudformation:DescribeChangeSet",
    "cloudformation:DescribeStackEvents",
    "cloudformation:DescribeStackResource",
    "cloudformation:DescribeStackResources",
    "cloudformation:DescribeStacks",
    "cloudformation:ExecuteChangeSet",
    "cloudformation:GetTemplate",
    "cloudformation:ListStackResources",
    "cloudformation:UpdateStack",
    "cloudformation:ValidateTemplate",
    "cloudfront:CreateInvalidation",
    "lambda:InvokeFunction",
    "s3:DeleteObject",
    "s3:GetBucketLocation",
    "s3:GetObject",
    "s3:ListBucket",
    "s3:PutObject",
    "sts:GetCallerIdentity",
)
# The services the stack's roles are passed to.
PASSED_TO = ["lambda.amazonaws.com", "rds.amazonaws.com", "apigateway.amazonaws.com"]


def _schemas() -> tuple[Path, dict[str, str]]:
    import cfnlint

    base = Path(cfnlint.__file__).parent / "data" / "schemas"
    providers = json.loads((base / "providers" / "us-east-1.json").read_text())
    return base / "resources", providers


def resource_types(templates: Iterable[Path]) -> set[str]:
    types: set[str] = set()
    for template in templates:
        resources = json.loads(template.read_text())["Resources"].values()
        types.update(r["Type"] for r in resources if not r["Type"].startswith("Custom::"))
    return types


def needed_actions(types: Iterable[str]) -> set[str]:
    """Every permission the types' resource handlers declare."""
    folder, providers = _schemas()
    actions: set[str] = set()
    for type_name in types:
        schema = json.loads((folder / f"{providers[type_name]}.json").read_text())
        for handler in HANDLERS:
            actions.update(schema.get("handlers", {}).get(handler, {}).get("permissions", []))
    return actions | set(DEPLOY_TOOL_ACTIONS)


READ_PREFIXES = ("Get", "List", "Describe", "View")


def _verb(action: str) -> str | None:
    name = action.partition(":")[2]
    match = re.match(r"[A-Z][a-z]+", name)
    return match.group(0) if match else None


def compact(actions: Iterable[str]) -> list[str]:
    """One wildcard per service and verb (`lambda:Create*`): IAM caps a managed policy at
    6,144 characters, and the handlers' lists name several hundred actions."""
    out: set[str] = set()
    for action in actions:
        verb = _verb(action)
        out.add(f"{action.partition(':')[0]}:{verb}*" if verb else action)
    return sorted(out)


def build_policy(actions: set[str]) -> dict[str, Any]:
    def is_read(action: str) -> bool:
        return _verb(action) in READ_PREFIXES

    stack_actions = sorted(a for a in actions if a.startswith("cloudformation:"))
    iam_writes = sorted(
        a for a in actions if a.startswith("iam:") and not is_read(a) and a != "iam:PassRole"
    )
    reads = compact(a for a in actions if is_read(a) and not a.startswith("cloudformation:"))
    writes = compact(
        a for a in actions if not is_read(a) and not a.startswith(("cloudformation:", "iam:"))
    )
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "TheStackOnly",
                "Effect": "Allow",
                "Action": [a for a in stack_actions if a != "cloudformation:ValidateTemplate"],
                "Resource": f"arn:aws:cloudformation:*:*:stack/{STACK_PREFIX}*/*",
            },
            {
                "Sid": "ValidateAnyTemplate",
                "Effect": "Allow",
                "Action": ["cloudformation:ValidateTemplate"],
                "Resource": "*",
            },
            {
                "Sid": "TheStacksRolesOnly",
                "Effect": "Allow",
                "Action": iam_writes,
                "Resource": [
                    f"arn:aws:iam::*:role/{STACK_PREFIX}*",
                    f"arn:aws:iam::*:policy/{STACK_PREFIX}*",
                ],
            },
            {
                "Sid": "PassTheStacksRolesOnly",
                "Effect": "Allow",
                "Action": ["iam:PassRole"],
                "Resource": f"arn:aws:iam::*:role/{STACK_PREFIX}*",
                "Condition": {"StringEquals": {"iam:PassedToService": PASSED_TO}},
            },
            {"Sid": "Read", "Effect": "Allow", "Action": reads, "Resource": "*"},
            {
                "Sid": "WhatTheResourceHandlersWrite",
                "Effect": "Allow",
                "Action": writes,
                "Resource": "*",
            },
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("templates", nargs="*", type=Path)
    args = parser.parse_args(argv)
    templates = [t for t in (args.templates or TEMPLATES) if t.is_file()]
    if not templates:
        print("no compiled template: run `make package` first", file=sys.stderr)
        return 1
    policy = build_policy(needed_actions(resource_types(templates)))
    size = len(json.dumps(policy, separators=(",", ":")))
    if size > MANAGED_POLICY_LIMIT:
        print(
            f"the policy is {size} characters, over IAM's {MANAGED_POLICY_LIMIT}", file=sys.stderr
        )
        return 1
    POLICY.write_text(json.dumps(policy, indent=2) + "\n")
    count = sum(len(s["Action"]) for s in policy["Statement"])
    print(f"{POLICY.relative_to(ROOT)}: {count} actions for {len(templates)} template(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
