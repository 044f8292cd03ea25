"""Check what a deploy needs before it starts, and say what to do about each miss.

    make preflight STAGE=prod REGION=eu-west-1
    .venv/bin/python scripts/preflight.py --stage prod --region eu-west-1 [osls arguments...]

Read-only: every call describes or simulates, nothing is created. Each check prints `ok` or
`MISSING` with the step that fixes it; the exit status is 1 when anything is missing. The
stage's parameters are resolved as the deploy resolves them (scripts/check_stage_params.py).

- the stage's parameters, as `make deploy-api` checks them (prod needs `alarmEmail`);
- credentials and the account (STS);
- the region: set explicitly and one the account can use;
- the account's Lambda concurrency: enough for the stage's `reservedConcurrency` (Lambda
  keeps 10 unreserved) and no new-account quota of 10 that SnapStart's first burst would hit;
- Aurora PostgreSQL Serverless v2 (`db.serverless`) offered in the region;
- the SES identity Cognito (and the reminders) send from, verified, when one is set;
- the deployer's permissions: every action of infra/deployer-policy.json simulated for the
  caller with IAM's policy simulator.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_stage_params import problems, stage_params, stage_problems

ROOT = Path(__file__).resolve().parent.parent
DEPLOYER_POLICY = ROOT / "infra" / "deployer-policy.json"
# Lambda refuses a reservation that leaves fewer than this many executions unreserved.
UNRESERVED_FLOOR = 10
# Below this account quota the first burst of users is throttled (new accounts start at 10).
SMALL_ACCOUNT_QUOTA = 100
SES_IDENTITY_ARN = re.compile(
    r"^arn:aws[\w-]*:ses:(?P<region>[a-z0-9-]+):\d{12}:identity/(?P<id>.+)$"
)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


Clients = Callable[[str], Any]  # service name -> a boto3 client in the stage's region


def check_parameters(stage: str, params: dict[str, str], region: str | None) -> Check:
    """What `make deploy-api` would refuse (scripts/check_stage_params.py), said here first:
    a prod without alarmEmail, an existing network or database named incompletely."""
    found = problems(params, region=region or "us-east-1") + stage_problems(stage, params)
    if found:
        return Check("stage parameters", False, "; ".join(found))
    return Check("stage parameters", True, f"{stage}'s parameters are complete")


def check_identity(client: Clients) -> tuple[Check, str | None]:
    try:
        caller = client("sts").get_caller_identity()
    except Exception as error:  # no credentials, expired session, no network
        return (
            Check(
                "credentials",
                False,
                f"cannot call STS ({type(error).__name__}): sign in with `aws sso login` or "
                "set AWS_PROFILE to the deploying account's profile",
            ),
            None,
        )
    return Check("credentials", True, f"account {caller['Account']} as {caller['Arn']}"), str(
        caller["Arn"]
    )


def check_region(region: str | None, available: list[str]) -> Check:
    if not region:
        return Check(
            "region",
            False,
            "no region: pass REGION=<aws-region> to make (every command of docs/deploy.md "
            "takes --region; a missing one silently means us-east-1)",
        )
    if region not in available:
        return Check("region", False, f"{region} is not an AWS region this SDK knows")
    return Check("region", True, region)


def check_concurrency(client: Clients, reserved: int) -> Check:
    settings = client("lambda").get_account_settings()["AccountLimit"]
    total = int(settings["ConcurrentExecutions"])
    unreserved = int(settings["UnreservedConcurrentExecutions"])
    if reserved and unreserved - reserved < UNRESERVED_FLOOR:
        return Check(
            "lambda concurrency",
            False,
            f"reservedConcurrency {reserved} would leave {unreserved - reserved} of the "
            f"account's {unreserved} unreserved executions (Lambda needs {UNRESERVED_FLOOR}): "
            "request a quota increase (Service Quotas, 'Lambda: Concurrent executions') or "
            "set reservedConcurrency: '0'",
        )
    if total < SMALL_ACCOUNT_QUOTA:
        return Check(
            "lambda concurrency",
            False,
            f"the account may run only {total} Lambda executions at once (a new account's "
            f"quota): request at least {SMALL_ACCOUNT_QUOTA} in Service Quotas ('Lambda: "
            "Concurrent executions') before users arrive",
        )
    return Check("lambda concurrency", True, f"{total} executions, {unreserved} unreserved")


def check_aurora_serverless(client: Clients, region: str) -> Check:
    rds = client("rds")
    pages = rds.get_paginator("describe_orderable_db_instance_options").paginate(
        Engine="aurora-postgresql", DBInstanceClass="db.serverless"
    )
    offered = any(
        option["DBInstanceClass"] == "db.serverless"
        for page in pages
        for option in page["OrderableDBInstanceOptions"]
    )
    if not offered:
        return Check(
            "aurora serverless v2",
            False,
            f"Aurora PostgreSQL Serverless v2 is not offered in {region}: deploy to a region "
            "that has it, or use database: existing with your own PostgreSQL",
        )
    return Check("aurora serverless v2", True, f"db.serverless offered in {region}")


def check_ses_identity(client: Clients, identity_arn: str, region: str) -> Check:
    match = SES_IDENTITY_ARN.match(identity_arn)
    if not match:
        return Check(
            "ses identity",
            False,
            f"sesIdentityArn {identity_arn!r} is not an SES identity ARN "
            "(arn:aws:ses:<region>:<account>:identity/<domain or address>)",
        )
    identity = match["id"]
    ses = client("ses") if match["region"] == region else client(f"ses@{match['region']}")
    found = ses.get_identity_verification_attributes(Identities=[identity])
    status = found["VerificationAttributes"].get(identity, {}).get("VerificationStatus")
    if status != "Success":
        return Check(
            "ses identity",
            False,
            f"SES identity {identity} is {status or 'unknown'} in {match['region']}: verify it "
            "(SES console, Identities) and request production access before mail is on",
        )
    return Check("ses identity", True, f"{identity} verified")


def policy_actions(policy: dict[str, Any]) -> list[str]:
    """The actions an Allow statement names, without wildcards (the simulator takes names)."""
    actions: set[str] = set()
    for statement in policy.get("Statement", []):
        if statement.get("Effect") != "Allow":
            continue
        named = statement.get("Action", [])
        actions.update([named] if isinstance(named, str) else named)
    return sorted(action for action in actions if "*" not in action)


def check_deployer(client: Clients, caller_arn: str, policy_file: Path) -> Check:
    if not policy_file.is_file():
        return Check("deployer permissions", False, f"{policy_file.name} is missing")
    actions = policy_actions(json.loads(policy_file.read_text()))
    source = _principal_arn(caller_arn)
    denied: list[str] = []
    iam = client("iam")
    for start in range(0, len(actions), 100):  # the simulator takes up to 100 per call
        pages = iam.get_paginator("simulate_principal_policy").paginate(
            PolicySourceArn=source, ActionNames=actions[start : start + 100]
        )
        for page in pages:
            denied += [
                result["EvalActionName"]
                for result in page["EvaluationResults"]
                if result["EvalDecision"] != "allowed"
            ]
    if denied:
        shown = ", ".join(denied[:8]) + (f" and {len(denied) - 8} more" if len(denied) > 8 else "")
        return Check(
            "deployer permissions",
            False,
            f"{len(denied)} of {len(actions)} actions the deploy needs are denied to {source}: "
            f"{shown}. Attach infra/deployer-policy.json to the deploying role",
        )
    return Check("deployer permissions", True, f"{len(actions)} actions allowed to {source}")


def _principal_arn(caller_arn: str) -> str:
    """The simulator wants the IAM role, not the assumed-role session STS reports."""
    session = re.match(r"^arn:(aws[\w-]*):sts::(\d{12}):assumed-role/([^/]+)/", caller_arn)
    if session:
        partition, account, role = session.groups()
        return f"arn:{partition}:iam::{account}:role/{role}"
    return caller_arn


def run(
    stage: str,
    region: str | None,
    osls_args: list[str],
    client: Clients,
    available_regions: list[str],
    policy_file: Path = DEPLOYER_POLICY,
) -> list[Check]:
    params = stage_params(stage, osls_args)
    checks = [check_parameters(stage, params, region), check_region(region, available_regions)]
    identity, caller_arn = check_identity(client)
    checks.append(identity)
    if not checks[1].ok or caller_arn is None or region is None:
        return checks  # nothing else can be asked
    checks.append(check_concurrency(client, int(params.get("reservedConcurrency") or 0)))
    if params.get("database", "create") == "create":
        checks.append(check_aurora_serverless(client, region))
    if params.get("sesIdentityArn"):
        checks.append(check_ses_identity(client, params["sesIdentityArn"], region))
    checks.append(check_deployer(client, caller_arn, policy_file))
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", required=True)
    parser.add_argument("--region", default=None)
    args, osls_args = parser.parse_known_args(argv)

    import boto3

    session = boto3.session.Session()

    def client(name: str) -> Any:
        service, _, other_region = name.partition("@")
        return session.client(service, region_name=other_region or args.region)  # type: ignore[call-overload]

    checks = run(
        args.stage, args.region, osls_args, client, session.get_available_regions("lambda")
    )
    for check in checks:
        print(f"{'ok     ' if check.ok else 'MISSING'}  {check.name}: {check.detail}")
    missing = [check for check in checks if not check.ok]
    print(
        f"preflight {args.stage}: "
        + (f"{len(missing)} to fix before deploying" if missing else "ready to deploy")
    )
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
