"""Refuse a deploy whose parameters would silently change the stack's shape, or fail late.

`make deploy-api` runs it before osls: the stage's parameters are serverless.yml's
`params.default`, then `params.<stage>`, then any `--param="k=v"` in OSLS_ARGS (osls's own
order). Every parameter the stage's modes need must be set and have its shape (subnet and
security group ids, full secret ARNs in the deploy's region, host names, numbers in range),
and OSLS_ARGS must be one line: make hands a multi-line value to the shell as several
commands, so osls would see only the first line's parameters.

    python scripts/check_stage_params.py --stage prod [--region eu-west-1] [osls arguments...]

With no osls arguments on the command line, OSLS_ARGS is read from the environment
(`make` exports it), so what make would have split is seen whole.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
from pathlib import Path
from typing import Any, Final

import yaml

SERVERLESS_YML = Path(__file__).resolve().parent.parent / "serverless.yml"
DEFAULT_REGION = "us-east-1"
WHERE = (
    'set it under params.<stage> in serverless.yml or in OSLS_ARGS (docs/deploy.md, "Parameters")'
)

SUBNET_ID = re.compile(r"^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$")
SECURITY_GROUP_ID = re.compile(r"^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$")
# A full ARN: IAM matches a secret by its whole ARN, random six-character suffix included
# (RDS-managed secrets are named rds!cluster-<id>).
SECRET_ARN = re.compile(
    r"^arn:aws(?:-[a-z]+)*:secretsmanager:(?P<region>[a-z]{2}(?:-[a-z]+)+-\d):\d{12}:"
    r"secret:[A-Za-z0-9/_+=.@!-]+-[A-Za-z0-9]{6}$"
)
HOST_NAME = re.compile(
    r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", re.IGNORECASE
)
# CloudFront reads viewer certificates from ACM in us-east-1 only.
CLOUDFRONT_CERTIFICATE_ARN: Final = re.compile(
    r"arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate/[0-9a-f-]{36}"
)
DATABASE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
VPC_CIDR = re.compile(r"^10\.(?:25[0-5]|2[0-4]\d|1?\d?\d)\.0\.0/16$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SES_IDENTITY_ARN = re.compile(r"^arn:aws(?:-[a-z]+)*:ses:[a-z0-9-]+:\d{12}:identity/.+$")


class _IgnoreTags(yaml.SafeLoader):
    """serverless.yml carries CloudFormation tags (!Sub, !Ref) outside `params`."""


_IgnoreTags.add_multi_constructor("!", lambda _loader, _suffix, _node: None)


def committed_params(source: Path = SERVERLESS_YML) -> dict[str, Any]:
    data: dict[str, Any] = yaml.load(source.read_text(), Loader=_IgnoreTags).get("params", {})
    return data


def param_args(osls_args: list[str]) -> list[tuple[str, str]]:
    """The (key, value) of every `--param=k=v` and `--param k=v`, in order."""
    found = []
    for index, arg in enumerate(osls_args):
        if arg.startswith("--param="):
            text = arg.removeprefix("--param=")
        elif arg == "--param" and index + 1 < len(osls_args):
            text = osls_args[index + 1]
        else:
            continue
        key, _, value = text.strip("\"'").partition("=")
        found.append((key, value))
    return found


def stage_params(stage: str, osls_args: list[str], source: Path = SERVERLESS_YML) -> dict[str, str]:
    """The parameters osls would resolve for the stage (default < stage < --param)."""
    params = committed_params(source)
    resolved = {**params.get("default", {}), **(params.get(stage) or {})}
    resolved.update(param_args(osls_args))
    return {key: str(value) for key, value in resolved.items()}


def _ids(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _number(params: dict[str, str], key: str, low: float, high: float, step: float) -> str | None:
    value = params.get(key, "")
    try:
        number = float(value)
    except ValueError:
        return f"{key} must be a number, not {value!r}"
    if not low <= number <= high or (number / step) % 1:
        return f"{key} must be from {low:g} to {high:g} in steps of {step:g}, not {value}"
    return None


def _network_problems(params: dict[str, str]) -> list[str]:
    found = []
    network = params.get("network")
    if network == "create":
        if not VPC_CIDR.match(params.get("vpcCidr", "")):
            found.append(
                f"vpcCidr must be a /16 in 10.0.0.0/8 (10.20.0.0/16), not {params.get('vpcCidr')!r}"
            )
    elif network == "existing":
        subnets = _ids(params.get("subnetIds", ""))
        if len(set(subnets)) < 2:
            found.append(
                "network is existing but subnetIds names fewer than two subnets: give your "
                f"private subnets in two or more AZs, comma-separated; {WHERE}"
            )
        found += [
            f"subnetIds: {s!r} is not a subnet id (subnet-0123abcd...)"
            for s in subnets
            if not SUBNET_ID.match(s)
        ]
        groups = _ids(params.get("securityGroupIds", ""))
        if not groups:
            found.append(f"network is existing but securityGroupIds is empty: {WHERE}")
        found += [
            f"securityGroupIds: {g!r} is not a security group id (sg-0123abcd...)"
            for g in groups
            if not SECURITY_GROUP_ID.match(g)
        ]
    else:
        found.append(f"network must be 'create' or 'existing', not {network!r}")
    return found


def _database_problems(params: dict[str, str], region: str) -> list[str]:
    found = []
    database = params.get("database")
    if database == "create":
        if params.get("network") == "existing":
            found.append(
                "database is create but network is existing: the stack puts the database it "
                "creates in the VPC it creates; use network: create, or database: existing"
            )
        found += filter(
            None,
            [
                _number(params, "databaseMinCapacity", 0, 256, 0.5),
                _number(params, "databaseMaxCapacity", 1, 256, 0.5),
                _number(params, "databaseBackupDays", 7, 35, 1),
            ],
        )
        if not found and float(params["databaseMinCapacity"]) > float(
            params["databaseMaxCapacity"]
        ):
            found.append("databaseMinCapacity is above databaseMaxCapacity")
        if params.get("databaseDeletionProtection") not in {"true", "false"}:
            found.append("databaseDeletionProtection must be 'true' or 'false'")
        if params.get("databaseDeletionPolicy") not in {"Snapshot", "Retain", "Delete"}:
            found.append("databaseDeletionPolicy must be Snapshot, Retain or Delete")
    elif database == "existing":
        if params.get("network") == "create":
            found.append(
                "database is existing but network is create: a new VPC cannot reach your "
                "database; use network: existing with the database's VPC"
            )
        for key, what in (
            ("databaseSecretArn", "the API role's secret"),
            ("ownerSecretArn", "the owner's secret"),
        ):
            value = params.get(key, "")
            match = SECRET_ARN.match(value)
            if not value:
                found.append(f"database is existing but {key} ({what}) is empty: {WHERE}")
            elif not match:
                found.append(
                    f"{key} must be a secret's full ARN (arn:aws:secretsmanager:<region>:"
                    f"<account>:secret:<name>-AbCdEf), not {value!r}"
                )
            elif match["region"] != region:
                found.append(f"{key} is in {match['region']}, but the stack deploys to {region}")
        if params.get("databaseSecretArn") and params.get("databaseSecretArn") == params.get(
            "ownerSecretArn"
        ):
            found.append(
                "databaseSecretArn and ownerSecretArn are the same secret: the API must not run as the owner"
            )
        for key, what in (
            ("databaseHost", "the writer, where migrate connects"),
            ("databaseProxyHost", "RDS Proxy, where the API connects"),
        ):
            value = params.get(key, "")
            if not value:
                found.append(f"database is existing but {key} ({what}) is empty: {WHERE}")
            elif not HOST_NAME.match(value):
                found.append(f"{key} must be a host name (TLS verifies it), not {value!r}")
    else:
        found.append(f"database must be 'create' or 'existing', not {database!r}")
    if not DATABASE_NAME.match(params.get("databaseName", "")):
        found.append(
            f"databaseName must be a plain lower-case PostgreSQL name, not {params.get('databaseName')!r}"
        )
    behind_proxy = database == "create" or ".proxy-" in params.get("databaseProxyHost", "")
    if params.get("dbTimeouts") == "startup" and behind_proxy:
        found.append("dbTimeouts is startup, which RDS Proxy refuses: use role")
    elif params.get("dbTimeouts") not in {"role", "transaction", "startup"}:
        found.append(
            f"dbTimeouts must be role, transaction or startup, not {params.get('dbTimeouts')!r}"
        )
    return found


def _other_problems(params: dict[str, str]) -> list[str]:
    found = []
    for key in (
        "reservedConcurrency",
        "throttleRate",
        "throttleBurst",
        "healthThrottleRate",
        "healthThrottleBurst",
        "feedThrottleRate",
        "feedThrottleBurst",
        "monthlyBudgetUsd",
    ):
        if key in params and not params[key].isdigit():
            found.append(f"{key} must be a whole number, not {params[key]!r}")
    if params.get("adminCreateUserOnly", "true") not in {"true", "false"}:
        found.append("adminCreateUserOnly must be 'true' or 'false'")
    if params.get("alarmEmail") and not EMAIL.match(params["alarmEmail"]):
        found.append(f"alarmEmail is not an address: {params['alarmEmail']!r}")
    if params.get("sesIdentityArn") and not SES_IDENTITY_ARN.match(params["sesIdentityArn"]):
        found.append(f"sesIdentityArn is not an SES identity's ARN: {params['sesIdentityArn']!r}")
    mail_from = params.get("mailFrom", "")
    if mail_from:
        # "Track <track@example.com>" or the bare address.
        address = mail_from.rsplit("<", 1)[-1].rstrip(">").strip()
        if not EMAIL.match(address):
            found.append(f"mailFrom is not an address: {mail_from!r}")
        if not params.get("sesIdentityArn"):
            found.append(
                "mailFrom needs sesIdentityArn (the verified SES identity the digest is sent "
                "as; docs/deploy.md, Mail)"
            )
    return found + _page_domain_problems(params)


def _page_domain_problems(params: dict[str, str]) -> list[str]:
    domain, certificate = params.get("pageDomain", ""), params.get("pageCertificateArn", "")
    if bool(domain) != bool(certificate):
        return [
            "pageDomain and pageCertificateArn go together: the domain needs an ACM "
            "certificate for it in us-east-1, and a certificate needs the domain it is for"
        ]
    found = []
    if domain and not HOST_NAME.fullmatch(domain):
        found.append(f"pageDomain is not a host name (no scheme, no path): {domain!r}")
    if certificate and not CLOUDFRONT_CERTIFICATE_ARN.fullmatch(certificate):
        found.append(
            "pageCertificateArn must be an ACM certificate in us-east-1 (CloudFront reads "
            f"certificates only there): {certificate!r}"
        )
    return found


def problems(params: dict[str, str], *, region: str = DEFAULT_REGION) -> list[str]:
    """Sentences naming what to set; empty when the deploy may go ahead."""
    return _network_problems(params) + _database_problems(params, region) + _other_problems(params)


# The resume bucket is named `<stack>-resumes-<account id>-<region>` (serverless.yml,
# custom.resumeBucketName): S3 allows 63 lower-case characters, and the longest region name
# has 14, so the stack name `track-<stage>` may have 27.
STACK_NAME_MAX: Final = 63 - len("-resumes-") - 12 - 1 - len("ap-southeast-2")
STAGE_NAME: Final = re.compile(r"[a-z][a-z0-9-]*")


def stage_problems(stage: str, params: dict[str, str]) -> list[str]:
    """What a stage's name requires: a name the resume bucket's can carry, and for prod,
    alarms that reach someone."""
    found = []
    if not STAGE_NAME.fullmatch(stage) or len(f"track-{stage}") > STACK_NAME_MAX:
        found.append(
            f"stage name {stage!r} must be lower-case letters, digits and hyphens, starting "
            f"with a letter, at most {STACK_NAME_MAX - len('track-')} characters: the resume "
            "bucket is named after the stack (track-<stage>-resumes-<account>-<region>)"
        )
    if stage == "prod" and not params.get("alarmEmail", "").strip():
        found.append(
            "stage prod needs alarmEmail (alarms that notify no one are not alarms): pass "
            "OSLS_ARGS='--param=\"alarmEmail=ops@example.com\"'; the stack subscribes it to "
            "the alarm topic, and the first mail asks to confirm"
        )
    return found


def argument_problems(osls_args: list[str], raw: str | None, known: set[str]) -> list[str]:
    """What is wrong with the osls arguments themselves: more than one line, a parameter
    osls does not know (a typo osls would ignore), a `k=v` without its `--param=`."""
    found = []
    if raw is not None and "\n" in raw.strip():
        later = [
            key for line in raw.strip().splitlines()[1:] for key, _ in param_args(shlex.split(line))
        ]
        found.append(
            f"OSLS_ARGS spans {len(raw.strip().splitlines())} lines: make runs each line as its own "
            f"shell command, so osls would get only the first line's parameters"
            + (f" and silently drop {', '.join(later)}" if later else "")
            + "; put every --param on one line"
        )
    for key, _ in param_args(osls_args):
        if key not in known:
            found.append(
                f"unknown parameter {key!r} (osls would ignore it): known are {', '.join(sorted(known))}"
            )
    for previous, arg in zip(["", *osls_args], osls_args, strict=False):
        if "=" in arg and not arg.startswith("-") and previous != "--param":
            found.append(f'{arg!r} is not an option (osls would ignore it): write --param="{arg}"')
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", required=True)
    parser.add_argument("--region", default=DEFAULT_REGION)
    args, osls_args = parser.parse_known_args(argv)
    raw = None
    if not osls_args:
        raw = os.environ.get("OSLS_ARGS")
        osls_args = shlex.split(raw) if raw else []
        # osls takes --region too; the stack goes where it says.
        if "--region" in osls_args[:-1]:
            args.region = osls_args[osls_args.index("--region") + 1]
    known = set(committed_params().get("default", {}))
    found = argument_problems(osls_args, raw, known)
    params = stage_params(args.stage, osls_args)
    found += problems(params, region=args.region) + stage_problems(args.stage, params)
    for problem in found:
        print(f"refusing to deploy stage {args.stage}: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
