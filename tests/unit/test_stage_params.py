"""The committed per-stage parameters, and the check `make deploy-api` runs before osls:
every parameter a stage's network and database modes need is there with its shape, and an
OSLS_ARGS that osls would only partly see is refused."""

from __future__ import annotations

import shlex
import subprocess
import sys

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import check_stage_params

SUBNETS = "subnet-0123456789abcdef0,subnet-0fedcba9876543210"
GROUP = "sg-0123456789abcdef0"
API_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:track/prod/api-AbCdEf"
OWNER_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-1a2b-Zz9Yx8"
EXISTING = [
    "--param=network=existing",
    "--param=database=existing",
    f"--param=subnetIds={SUBNETS}",
    f"--param=securityGroupIds={GROUP}",
    f"--param=databaseSecretArn={API_SECRET}",
    f'--param="ownerSecretArn={OWNER_SECRET}"',
    "--param=databaseHost=track.cluster-abc123.eu-west-1.rds.amazonaws.com",
    "--param=databaseProxyHost=track.proxy-abc123.eu-west-1.rds.amazonaws.com",
]
# prod's one parameter without a committed value: where its alarms go.
ALARM = "--param=alarmEmail=ops@example.com"


def _problems(stage: str, args: list[str], region: str = "eu-west-1") -> list[str]:
    return check_stage_params.problems(check_stage_params.stage_params(stage, args), region=region)


def test_prod_is_committed_to_create_its_network_and_database_with_sign_up_closed() -> None:
    prod = check_stage_params.stage_params("prod", [])
    assert (prod["network"], prod["database"]) == ("create", "create")
    assert prod["databaseDeletionProtection"] == "true"
    assert prod["databaseDeletionPolicy"] == "Snapshot"
    assert int(prod["databaseBackupDays"]) >= 7
    assert prod["adminCreateUserOnly"] == "true"
    assert prod["dbTimeouts"] == "role"
    # No reservation by default: a new account's quota (10) leaves nothing to reserve.
    assert prod["reservedConcurrency"] == "0"


def test_both_committed_stages_deploy_with_no_parameter_beyond_the_defaults() -> None:
    # ... and, for prod, the address its alarms go to.
    assert check_stage_params.main(["--stage", "dev"]) == 0
    assert check_stage_params.main(["--stage", "prod", ALARM]) == 0
    assert check_stage_params.main(["--stage", "prod"]) == 1


def test_dev_is_removed_with_its_database() -> None:
    dev = check_stage_params.stage_params("dev", [])
    assert (dev["network"], dev["database"]) == ("create", "create")
    assert (dev["databaseDeletionProtection"], dev["databaseDeletionPolicy"]) == ("false", "Delete")


def test_bring_your_own_vpc_and_database_passes_with_every_name_given() -> None:
    assert _problems("prod", EXISTING) == []
    argv = ["--stage", "prod", "--region", "eu-west-1", *EXISTING, ALARM]
    assert check_stage_params.main(argv) == 0


def test_existing_mode_without_its_names_is_refused_naming_each(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["--stage", "prod", "--param=network=existing", "--param=database=existing"]
    assert check_stage_params.main(argv) == 1
    err = capsys.readouterr().err
    for key in ("subnetIds", "securityGroupIds", "databaseSecretArn", "ownerSecretArn",
                "databaseHost", "databaseProxyHost"):  # fmt: skip
        assert "refusing to deploy stage prod: " in err
        assert key in err, key


@pytest.mark.parametrize(
    ("param", "expected"),
    [
        ("subnetIds=subnet-0123456789abcdef0", "fewer than two subnets"),
        ("subnetIds=subnet-a,subnet-b", "'subnet-a' is not a subnet id"),
        ("securityGroupIds=sg-123", "'sg-123' is not a security group id"),
        ("securityGroupIds=subnet-0123456789abcdef0", "is not a security group id"),
        ("databaseSecretArn=track/prod/api", "must be a secret's full ARN"),
        (f"databaseSecretArn={API_SECRET.removesuffix('-AbCdEf')}", "must be a secret's full ARN"),
        (f"databaseSecretArn={API_SECRET.replace('eu-west-1', 'us-east-1')}", "is in us-east-1"),
        (f"ownerSecretArn={API_SECRET}", "the API must not run as the owner"),
        ("databaseHost=10.0.0.12", "databaseHost must be a host name"),
        ("databaseProxyHost=https://track.proxy-x.rds.amazonaws.com", "must be a host name"),
        ("databaseName=Track-DB", "databaseName must be a plain lower-case"),
        ("dbTimeouts=startup", "RDS Proxy refuses"),
    ],
)
def test_each_existing_name_must_have_its_shape(param: str, expected: str) -> None:
    found = _problems("prod", [*EXISTING, f"--param={param}"])
    assert any(expected in problem for problem in found), found


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (["databaseMinCapacity=0.3"], "databaseMinCapacity must be from 0 to 256 in steps of 0.5"),
        (["databaseMaxCapacity=0"], "databaseMaxCapacity must be from 1"),
        (["databaseMinCapacity=8", "databaseMaxCapacity=4"], "above databaseMaxCapacity"),
        (["databaseBackupDays=1"], "databaseBackupDays must be from 7 to 35"),
        (["databaseDeletionPolicy=Keep"], "databaseDeletionPolicy must be"),
        (["vpcCidr=192.168.0.0/16"], "vpcCidr must be a /16"),
        (["network=vpc"], "network must be 'create' or 'existing'"),
        (["network=existing"], "database is create but network is existing"),
        (["database=existing"], "database is existing but network is create"),
        (["reservedConcurrency=twenty"], "reservedConcurrency must be a whole number"),
        (["alarmEmail=ops"], "alarmEmail is not an address"),
        (["mailFrom=Track <track@example.com>"], "mailFrom needs sesIdentityArn"),
        (
            [
                "mailFrom=track",
                "sesIdentityArn=arn:aws:ses:us-east-1:123456789012:identity/example.com",
            ],
            "mailFrom is not an address",
        ),
    ],
)
def test_create_mode_values_must_be_in_range(params: list[str], expected: str) -> None:
    found = _problems("prod", [f"--param={p}" for p in params])
    assert any(expected in problem for problem in found), found


def test_a_command_line_param_overrides_the_committed_one() -> None:
    params = check_stage_params.stage_params("prod", ['--param="databaseMaxCapacity=8"'])
    assert params["databaseMaxCapacity"] == "8"
    params = check_stage_params.stage_params("prod", ["--param", "databaseMaxCapacity=16"])
    assert params["databaseMaxCapacity"] == "16"


def test_a_stage_without_its_own_block_takes_the_defaults() -> None:
    qa = check_stage_params.stage_params("qa", [])
    assert (qa["network"], qa["database"]) == ("create", "create")


def test_a_multi_line_osls_args_is_refused_naming_what_osls_would_drop(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The walk's finding: the documented example spanned two lines; the shell ran the
    # second as a command of its own and osls deployed without its parameters.
    monkeypatch.setenv(
        "OSLS_ARGS",
        '--param="databaseMaxCapacity=8"\n  --param="databaseName=tracker" --param="dbTimeouts=role"',
    )
    assert check_stage_params.main(["--stage", "prod"]) == 1
    err = capsys.readouterr().err
    assert "OSLS_ARGS spans 2 lines" in err
    assert "silently drop databaseName, dbTimeouts" in err


def test_osls_args_are_read_whole_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OSLS_ARGS", " ".join([*EXISTING, ALARM]) + " --region eu-west-1")
    assert check_stage_params.main(["--stage", "prod"]) == 0
    # The region osls is given is the one the secrets' ARNs must name.
    monkeypatch.setenv("OSLS_ARGS", " ".join([*EXISTING, ALARM]))
    assert check_stage_params.main(["--stage", "prod"]) == 1


def test_a_misspelt_or_unprefixed_parameter_is_refused() -> None:
    found = check_stage_params.argument_problems(
        ["--param=databseName=x", "databaseName=y"], None, {"databaseName"}
    )
    assert found[0].startswith("unknown parameter 'databseName'")
    assert (
        found[1]
        == "'databaseName=y' is not an option (osls would ignore it): write --param=\"databaseName=y\""
    )


def test_make_deploy_checks_the_stage_then_deploys_once_with_the_region_and_no_invoke() -> None:
    dry_run = subprocess.run(
        ["make", "-n", "--no-print-directory", "deploy", "STAGE=prod", "REGION=eu-west-1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    dry_run = [line.strip() for line in dry_run]
    check = dry_run.index(
        ".venv/bin/python scripts/check_stage_params.py --stage prod --region eu-west-1"
    )
    deploy = dry_run.index("node_modules/.bin/osls deploy --stage prod --region eu-west-1")
    assert check < deploy
    # The stack migrates itself (infra/migrate.yml): no separate invoke after the deploy.
    assert not any("invoke" in line for line in dry_run)
    assert any(
        "publish_page.py publish --stack track-prod --region eu-west-1" in line for line in dry_run
    )


def test_make_deploy_api_stops_at_a_multi_line_osls_args_before_osls_runs() -> None:
    run = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "deploy-api",
            "STAGE=prod",
            'OSLS_ARGS=--param="databaseMaxCapacity=8"\n --param="databaseName=tracker"',
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0
    assert "OSLS_ARGS spans 2 lines" in run.stderr
    assert "osls deploy" not in run.stdout


def test_the_documented_bring_your_own_example_passes_the_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc = (ROOT / "docs" / "deploy.md").read_text()
    [command] = [
        line for line in doc.splitlines() if line.startswith("make deploy") and "existing" in line
    ]
    words = shlex.split(command)
    region = next(w.removeprefix("REGION=") for w in words if w.startswith("REGION="))
    osls_args = next(w.removeprefix("OSLS_ARGS=") for w in words if w.startswith("OSLS_ARGS="))
    monkeypatch.setenv("OSLS_ARGS", osls_args)
    assert check_stage_params.main(["--stage", "prod", "--region", region]) == 0


def test_prod_is_refused_without_an_alarm_address_and_other_stages_are_not() -> None:
    [problem] = check_stage_params.stage_problems(
        "prod", check_stage_params.stage_params("prod", [])
    )
    assert "stage prod needs alarmEmail" in problem
    with_address = check_stage_params.stage_params("prod", ["--param=alarmEmail=ops@example.com"])
    assert check_stage_params.stage_problems("prod", with_address) == []
    assert (
        check_stage_params.stage_problems("dev", check_stage_params.stage_params("dev", [])) == []
    )


@pytest.mark.parametrize("stage", ["Prod", "9lives", "qa_1", "a-stage-name-far-too-long-x"])
def test_a_stage_name_the_resume_bucket_cannot_carry_is_refused(stage: str) -> None:
    [problem] = check_stage_params.stage_problems(stage, {})
    assert f"stage name {stage!r} must be lower-case" in problem


def test_the_longest_stage_name_allowed_makes_a_valid_bucket_name_in_every_region() -> None:
    stage = "s" * (check_stage_params.STACK_NAME_MAX - len("track-"))
    assert check_stage_params.stage_problems(stage, {}) == []
    bucket = f"track-{stage}-resumes-123456789012-ap-southeast-2"
    assert len(bucket) == 63


CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-00000000abcd"


def test_a_page_domain_comes_with_a_us_east_1_certificate_or_not_at_all() -> None:
    def problems(**params: str) -> list[str]:
        return check_stage_params.problems({**check_stage_params.stage_params("dev", []), **params})

    assert problems(pageDomain="track.example.com", pageCertificateArn=CERTIFICATE) == []
    [alone] = problems(pageDomain="track.example.com")
    assert "pageDomain and pageCertificateArn go together" in alone
    [no_domain] = problems(pageCertificateArn=CERTIFICATE)
    assert "go together" in no_domain
    [elsewhere] = problems(
        pageDomain="track.example.com",
        pageCertificateArn=CERTIFICATE.replace("us-east-1", "eu-west-1"),
    )
    assert "must be an ACM certificate in us-east-1" in elsewhere
    [url] = problems(pageDomain="https://track.example.com/", pageCertificateArn=CERTIFICATE)
    assert "pageDomain is not a host name" in url
