"""The committed per-stage parameters, and the check `make deploy-api` runs before osls:
prod is a VPC stage and refuses to deploy without its subnets and security groups."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import check_stage_params

VPC_ARGS = ['--param="subnetIds=subnet-a,subnet-b"', "--param=securityGroupIds=sg-1"]


def test_prod_is_committed_as_a_vpc_stage_with_sign_up_closed() -> None:
    prod = check_stage_params.stage_params("prod", [])
    assert prod["network"] == "vpc"
    assert prod["adminCreateUserOnly"] == "true"
    assert prod["dbTimeouts"] == "role"
    # No reservation by default: a new account's quota (10) leaves nothing to reserve.
    assert prod["reservedConcurrency"] == "0"


def test_dev_is_committed_as_public() -> None:
    assert check_stage_params.stage_params("dev", [])["network"] == "public"


def test_prod_without_subnets_is_refused_naming_what_to_set(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert check_stage_params.main(["--stage", "prod"]) == 1
    err = capsys.readouterr().err
    assert "refusing to deploy stage prod: network is vpc but subnetIds is empty" in err
    assert "securityGroupIds is empty" in err


def test_prod_with_subnets_and_groups_passes() -> None:
    assert check_stage_params.main(["--stage", "prod", "--region", "eu-west-1", *VPC_ARGS]) == 0


def test_a_command_line_param_overrides_the_committed_one() -> None:
    params = check_stage_params.stage_params("prod", ['--param="network=public"'])
    assert params["network"] == "public"
    assert check_stage_params.problems(params) == []


def test_an_unknown_network_is_refused() -> None:
    assert check_stage_params.problems({"network": "vcp"}) == [
        "network must be 'public' or 'vpc', not 'vcp'"
    ]


def test_a_stage_without_its_own_block_takes_the_defaults() -> None:
    assert check_stage_params.stage_params("qa", [])["network"] == "public"


def test_make_deploy_checks_the_stage_then_deploys_once_with_the_region_and_no_invoke() -> None:
    dry_run = subprocess.run(
        ["make", "-n", "--no-print-directory", "deploy", "STAGE=prod", "REGION=eu-west-1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    dry_run = [line.strip() for line in dry_run]
    check = dry_run.index(".venv/bin/python scripts/check_stage_params.py --stage prod")
    deploy = dry_run.index("node_modules/.bin/osls deploy --stage prod --region eu-west-1")
    assert check < deploy
    # The stack migrates itself (infra/migrate.yml): no separate invoke after the deploy.
    assert not any("invoke" in line for line in dry_run)
    assert any(
        "publish_page.py publish --stack track-prod --region eu-west-1" in line for line in dry_run
    )
