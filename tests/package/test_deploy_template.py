"""Deploys cannot silently change shape: the generated template migrates through a custom
resource before the API's code changes, Cognito's mail can go through SES, and the stage
parameters are committed (docs/deploy.md). Reads `make package`'s output (stage dev)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / ".serverless" / "cloudformation-template-update-stack.json"


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    if not TEMPLATE.is_file():
        pytest.fail("no template in .serverless/: run `make package` (make test-package does)")
    return dict(json.loads(TEMPLATE.read_text()))


def _depends_on(resource: dict[str, Any]) -> set[str]:
    depends = resource.get("DependsOn", [])
    return {depends} if isinstance(depends, str) else set(depends)


def _refs(node: Any) -> set[str]:
    """Every resource a node names through Ref or GetAtt."""
    if isinstance(node, dict):
        found = set()
        for key, value in node.items():
            if key == "Ref" and isinstance(value, str):
                found.add(value)
            elif key == "Fn::GetAtt":
                found.add(value[0] if isinstance(value, list) else value.split(".")[0])
            else:
                found |= _refs(value)
        return found
    if isinstance(node, list):
        return set().union(*(_refs(item) for item in node)) if node else set()
    return set()


def _needs(resources: dict[str, Any], name: str) -> set[str]:
    """Everything CloudFormation must finish before it touches `name`."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        resource = resources[todo.pop()]
        for dep in (_depends_on(resource) | _refs(resource.get("Properties", {}))) - seen:
            if dep in resources:
                seen.add(dep)
                todo.append(dep)
    return seen


def test_the_migrate_function_runs_as_a_custom_resource_on_every_deploy(
    template: dict[str, Any],
) -> None:
    resources = template["Resources"]
    migrate = resources["MigrateOnDeploy"]
    assert migrate["Type"] == "Custom::Migrate"
    props = migrate["Properties"]
    assert props["ServiceToken"] == {"Fn::GetAtt": ["MigrateLambdaFunction", "Arn"]}
    # osls's instance id, a millisecond time: new on every deploy, ordered for rollbacks.
    assert props["Deploy"].isdigit()
    assert len(props["Deploy"]) >= 13
    # CloudFormation gives up after ServiceTimeout, not its default hour, and only once the
    # function (which answers before its own timeout) is surely gone.
    timeout = resources["MigrateLambdaFunction"]["Properties"]["Timeout"]
    assert timeout < props["ServiceTimeout"] <= 3600
    # Invoked asynchronously: no retry behind CloudFormation's back.
    [invoke_config] = [
        r["Properties"]
        for r in resources.values()
        if r["Type"] == "AWS::Lambda::EventInvokeConfig"
        and r["Properties"]["FunctionName"] == {"Ref": "MigrateLambdaFunction"}
    ]
    assert invoke_config["MaximumRetryAttempts"] == 0
    # A queued invocation that could not start soon is dropped, never run after
    # CloudFormation gave up on the deploy.
    assert 60 <= invoke_config["MaximumEventAgeInSeconds"] < props["ServiceTimeout"]


def test_the_api_code_its_version_and_alias_change_only_after_the_migration(
    template: dict[str, Any],
) -> None:
    resources = template["Resources"]
    assert "MigrateOnDeploy" in _depends_on(resources["ApiLambdaFunction"])
    serving = [
        name
        for name, r in resources.items()
        if r["Type"] in {"AWS::Lambda::Version", "AWS::Lambda::Alias"} and "Api" in name
    ]
    assert serving, "no SnapStart version or alias for the API"
    for name in serving:
        assert "MigrateOnDeploy" in _needs(resources, name), name
    # The migration never waits on the API (that would be a cycle, or migrate after it).
    assert not _needs(resources, "MigrateOnDeploy") & {"ApiLambdaFunction", *serving}


def test_cognito_mails_through_ses_when_an_identity_is_given(template: dict[str, Any]) -> None:
    assert template["Parameters"]["SesIdentityArn"]["Default"] == ""
    condition = template["Conditions"]["SendsMailThroughSes"]
    assert condition == {"Fn::Not": [{"Fn::Equals": [{"Ref": "SesIdentityArn"}, ""]}]}
    email = template["Resources"]["UserPool"]["Properties"]["EmailConfiguration"]
    name, with_ses, without = email["Fn::If"]
    assert name == "SendsMailThroughSes"
    assert with_ses == {"EmailSendingAccount": "DEVELOPER", "SourceArn": {"Ref": "SesIdentityArn"}}
    assert without == {"EmailSendingAccount": "COGNITO_DEFAULT"}


def test_the_packaged_dev_stage_runs_in_its_own_vpc(template: dict[str, Any]) -> None:
    for name in ("ApiLambdaFunction", "MigrateLambdaFunction", "CleanupLambdaFunction"):
        vpc = template["Resources"][name]["Properties"]["VpcConfig"]
        assert vpc["SubnetIds"] == [{"Ref": "PrivateSubnetA"}, {"Ref": "PrivateSubnetB"}], name
