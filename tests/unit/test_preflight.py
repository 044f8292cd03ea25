"""scripts/preflight.py: each check against moto where moto implements the call (STS, SES,
RDS's orderable options), and against botocore's Stubber with AWS's documented response
shapes where it does not (Lambda's account settings, IAM's policy simulator)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from tests.scripts import load_script

preflight = load_script("preflight")

REGION = "eu-west-1"
REGIONS = ["eu-west-1", "us-east-1"]
ALARM_EMAIL = ["--param=alarmEmail=ops@example.com"]
ROLE_SESSION = "arn:aws:sts::123456789012:assumed-role/track-deployer/ci"


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    with mock_aws():
        yield


class Clients:
    """moto's clients, with stubbed ones for the calls moto does not implement."""

    def __init__(self) -> None:
        self.stubbed: dict[str, Any] = {}

    def stub(self, service: str) -> Stubber:
        client = boto3.client(service, region_name=REGION)  # type: ignore[call-overload]
        self.stubbed[service] = client
        stubber = Stubber(client)
        stubber.activate()
        return stubber

    def __call__(self, name: str) -> Any:
        if name in self.stubbed:
            return self.stubbed[name]
        service, _, other = name.partition("@")
        return boto3.client(service, region_name=other or REGION)  # type: ignore[call-overload]


def account_settings(stubber: Stubber, *, total: int, unreserved: int) -> None:
    stubber.add_response(
        "get_account_settings",
        {
            "AccountLimit": {
                "ConcurrentExecutions": total,
                "UnreservedConcurrentExecutions": unreserved,
            }
        },
    )


def simulation(stubber: Stubber, decisions: dict[str, str]) -> None:
    stubber.add_response(
        "simulate_principal_policy",
        {
            "EvaluationResults": [
                {"EvalActionName": action, "EvalDecision": decision}
                for action, decision in decisions.items()
            ],
            "IsTruncated": False,
        },
    )


def policy_file(tmp_path: Path, actions: list[str]) -> Path:
    path = tmp_path / "deployer-policy.json"
    path.write_text(
        json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}],
            }
        )
    )
    return path


def test_a_missing_region_is_named_and_nothing_else_is_asked(aws: None) -> None:
    checks = preflight.run("prod", None, ALARM_EMAIL, Clients(), REGIONS)
    assert [(c.name, c.ok) for c in checks] == [
        ("stage parameters", True),
        ("region", False),
        ("credentials", True),
    ]
    assert "REGION=<aws-region>" in checks[1].detail


def test_the_stage_parameters_the_deploy_would_refuse_are_named_first(aws: None) -> None:
    """A prod without alarmEmail: the preflight says so, not only `make deploy-api` later."""
    checks = preflight.run("prod", None, [], Clients(), REGIONS)
    assert (checks[0].name, checks[0].ok) == ("stage parameters", False)
    assert "stage prod needs alarmEmail" in checks[0].detail
    existing = ["--param=network=existing", "--param=database=existing", *ALARM_EMAIL]
    check = preflight.run("prod", None, existing, Clients(), REGIONS)[0]
    assert not check.ok
    assert "subnetIds" in check.detail


def test_an_unknown_region_is_refused(aws: None) -> None:
    assert not preflight.check_region("eu-middle-7", REGIONS).ok


def test_a_new_accounts_quota_is_named_with_the_fix(aws: None) -> None:
    clients = Clients()
    account_settings(clients.stub("lambda"), total=10, unreserved=10)
    check = preflight.check_concurrency(clients, reserved=0)
    assert not check.ok
    assert "only 10 Lambda executions" in check.detail
    assert "Service Quotas" in check.detail


def test_a_reservation_that_leaves_too_little_unreserved_is_refused(aws: None) -> None:
    clients = Clients()
    account_settings(clients.stub("lambda"), total=1000, unreserved=25)
    check = preflight.check_concurrency(clients, reserved=20)
    assert not check.ok
    assert "would leave 5 of the account's 25" in check.detail


def test_enough_concurrency_passes(aws: None) -> None:
    clients = Clients()
    account_settings(clients.stub("lambda"), total=1000, unreserved=1000)
    assert preflight.check_concurrency(clients, reserved=20).ok


def test_aurora_serverless_offered_passes(aws: None) -> None:
    # moto's orderable options for eu-west-1 include db.serverless, as AWS's do.
    assert preflight.check_aurora_serverless(Clients(), REGION).ok


def test_aurora_serverless_absent_from_a_region_is_named(aws: None) -> None:
    clients = Clients()
    clients.stub("rds").add_response(
        "describe_orderable_db_instance_options",
        {"OrderableDBInstanceOptions": []},
        {"Engine": "aurora-postgresql", "DBInstanceClass": "db.serverless"},
    )
    check = preflight.check_aurora_serverless(clients, REGION)
    assert not check.ok
    assert "database: existing" in check.detail


def test_an_ses_identity_must_be_verified(aws: None) -> None:
    ses = boto3.client("ses", region_name=REGION)
    arn = "arn:aws:ses:eu-west-1:123456789012:identity/track.example.com"
    unverified = preflight.check_ses_identity(Clients(), arn, REGION)
    assert not unverified.ok
    assert "track.example.com is unknown" in unverified.detail
    ses.verify_domain_identity(Domain="track.example.com")  # moto verifies at once
    assert preflight.check_ses_identity(Clients(), arn, REGION).ok
    malformed = preflight.check_ses_identity(Clients(), "track.example.com", REGION)
    assert "not an SES identity ARN" in malformed.detail


def test_the_deployer_policy_is_simulated_for_the_role_behind_the_session(
    aws: None, tmp_path: Path
) -> None:
    clients = Clients()
    stubber = clients.stub("iam")
    simulation(
        stubber, {"cloudformation:CreateStack": "allowed", "rds:CreateDBCluster": "implicitDeny"}
    )
    path = policy_file(tmp_path, ["cloudformation:CreateStack", "rds:CreateDBCluster", "s3:*"])
    check = preflight.check_deployer(clients, ROLE_SESSION, path)
    assert not check.ok
    assert "1 of 2 actions" in check.detail
    assert "rds:CreateDBCluster" in check.detail
    assert "arn:aws:iam::123456789012:role/track-deployer" in check.detail
    simulation(stubber, {"cloudformation:CreateStack": "allowed", "rds:CreateDBCluster": "allowed"})
    assert preflight.check_deployer(clients, ROLE_SESSION, path).ok


def test_a_whole_run_lists_each_miss(aws: None, tmp_path: Path) -> None:
    clients = Clients()
    account_settings(clients.stub("lambda"), total=10, unreserved=10)
    simulation(clients.stub("iam"), {"cloudformation:CreateStack": "allowed"})
    path = policy_file(tmp_path, ["cloudformation:CreateStack"])
    checks = preflight.run("prod", REGION, ALARM_EMAIL, clients, REGIONS, policy_file=path)
    assert {c.name: c.ok for c in checks} == {
        "stage parameters": True,
        "region": True,
        "credentials": True,
        "lambda concurrency": False,
        "aurora serverless v2": True,
        "deployer permissions": True,
    }
