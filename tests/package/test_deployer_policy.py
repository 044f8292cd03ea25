"""infra/deployer-policy.json is enough to deploy and remove the compiled stack: every
permission the resource handlers of every resource type in the compiled templates declare
(the CloudFormation registry schemas cfn-lint ships), and what osls and the page upload call,
is allowed by some statement; IAM writes and PassRole only on the stack's own roles; within
IAM's size limit. Reads `make package`'s output (and the prod stage's, when compiled)."""

from __future__ import annotations

import fnmatch
import json
from typing import Any

import pytest

from tests.scripts import load_script

deployer_policy = load_script("deployer_policy")


@pytest.fixture(scope="module")
def policy() -> dict[str, Any]:
    return dict(json.loads(deployer_policy.POLICY.read_text()))


@pytest.fixture(scope="module")
def templates() -> list[Any]:
    found = [t for t in deployer_policy.TEMPLATES if t.is_file()]
    if not found:
        pytest.fail("no compiled template: run `make package` (make test-package does)")
    return found


def _allowing(policy: dict[str, Any], action: str) -> list[dict[str, Any]]:
    """The Allow statements whose actions match (IAM matches actions ignoring case)."""
    return [
        statement
        for statement in policy["Statement"]
        if statement["Effect"] == "Allow"
        and any(
            fnmatch.fnmatchcase(action.lower(), pattern.lower())
            for pattern in (
                [statement["Action"]]
                if isinstance(statement["Action"], str)
                else statement["Action"]
            )
        )
    ]


def test_every_action_the_templates_need_is_allowed(
    policy: dict[str, Any], templates: list[Any]
) -> None:
    types = deployer_policy.resource_types(templates)
    assert {"AWS::Lambda::Function", "AWS::CloudFront::Distribution"} <= types
    needed = deployer_policy.needed_actions(types)
    missing = sorted(action for action in needed if not _allowing(policy, action))
    assert missing == [], f"run `make deployer-policy`: not allowed: {missing}"


def test_iam_writes_and_pass_role_reach_only_the_stacks_roles(policy: dict[str, Any]) -> None:
    for action in ("iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRole", "iam:PassRole"):
        statements = _allowing(policy, action)
        assert statements, action
        for statement in statements:
            resources = statement["Resource"]
            resources = [resources] if isinstance(resources, str) else resources
            assert all(":role/track-" in r or ":policy/track-" in r for r in resources), (
                action,
                resources,
            )
    [pass_role] = _allowing(policy, "iam:PassRole")
    assert pass_role["Condition"]["StringEquals"]["iam:PassedToService"]
    # Nothing that would let the deployer make itself a user or keys.
    assert not _allowing(policy, "iam:CreateUser")
    assert not _allowing(policy, "iam:CreateAccessKey")


def test_the_stack_actions_reach_only_the_track_stacks(policy: dict[str, Any]) -> None:
    for statement in _allowing(policy, "cloudformation:DeleteStack"):
        assert statement["Resource"] == "arn:aws:cloudformation:*:*:stack/track-*/*"


def test_no_whole_service_wildcards_and_within_iams_size_limit(policy: dict[str, Any]) -> None:
    actions = [a for s in policy["Statement"] for a in s["Action"]]
    assert not [a for a in actions if a == "*" or a.endswith(":*")]
    size = len(json.dumps(policy, separators=(",", ":")))
    assert size <= deployer_policy.MANAGED_POLICY_LIMIT, size


def test_every_checkov_skip_in_the_templates_says_why(templates: list[Any]) -> None:
    # mk/checkov.mk: a check that does not fit is skipped in the resource's Metadata with a
    # one-line reason; a bare id, or a reason that says nothing, fails here.
    skips = []
    for template in templates:
        for name, resource in json.loads(template.read_text())["Resources"].items():
            for skip in resource.get("Metadata", {}).get("checkov", {}).get("skip", []):
                skips.append((name, skip))
    assert skips
    for name, skip in skips:
        assert skip["id"].startswith("CKV_"), (name, skip)
        comment = skip.get("comment", "")
        assert len(comment) >= 40, (name, skip)
        assert "\n" not in comment, (name, skip)
