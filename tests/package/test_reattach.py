"""Re-attaching a retained user pool and resume bucket (scripts/reattach.py), against the
compiled prod template (`make package STAGE=prod`; `make test-package` builds it).

What is checked offline: the import template is osls's core stack plus exactly the two
retained resources, with `DeletionPolicy: Retain`, with every replacing property the full
template has, and naming nothing the import template lacks (CloudFormation would reject
it); the `--resources-to-import` list; and each refusal. What only AWS can prove: that the
change set imports (docs/deploy.md, "Re-attach a retained user pool and bucket").
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.scripts import load_script

reattach = load_script("reattach")

PACKAGE = reattach.package_dir("prod")
REGION = "eu-west-1"
POOL = "eu-west-1_AbCdEf123"
BUCKET = "track-prod-resumes-123456789012-eu-west-1"
PSEUDO = {"AWS::StackName", "AWS::AccountId", "AWS::Region", "AWS::Partition", "AWS::URLSuffix"}


def _load(name: str) -> dict[str, Any]:
    path = PACKAGE / name
    if not path.is_file():
        pytest.fail(f"no {path.name}: run `make package STAGE=prod` (make test-package does)")
    return dict(json.loads(path.read_text()))


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return _load(reattach.UPDATE_TEMPLATE)


@pytest.fixture(scope="module")
def core() -> dict[str, Any]:
    return _load(reattach.CREATE_TEMPLATE)


def _plan(
    template: dict[str, Any], core: dict[str, Any], **identifiers: str
) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    planned: tuple[dict[str, Any], list[dict[str, Any]], list[str]] = reattach.plan(
        stage="prod",
        region=REGION,
        identifiers={"UserPool": POOL, "ResumeBucket": BUCKET, **identifiers},
        template=template,
        core=core,
    )
    return planned


def _names(node: Any) -> set[str]:
    """Every resource, parameter or condition a value names."""
    found: set[str] = set()
    if isinstance(node, list):
        for item in node:
            found |= _names(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "Ref" and isinstance(value, str):
                found.add(value)
            elif key == "Fn::GetAtt":
                found.add(value[0] if isinstance(value, list) else value.split(".")[0])
            elif key == "Fn::Sub":
                text = value if isinstance(value, str) else value[0]
                found |= {n.split(".")[0] for n in reattach.SUB_NAME.findall(text)}
            elif key == "Fn::If":
                found.add(value[0])
            found |= _names(value)
    return found - PSEUDO


def test_the_import_is_the_core_stack_plus_the_pool_and_the_bucket(
    template: dict[str, Any], core: dict[str, Any]
) -> None:
    imported, to_import, left_out = _plan(template, core)

    assert set(imported["Resources"]) == set(core["Resources"]) | {"UserPool", "ResumeBucket"}
    assert to_import == [
        {
            "ResourceType": "AWS::Cognito::UserPool",
            "LogicalResourceId": "UserPool",
            "ResourceIdentifier": {"UserPoolId": POOL},
        },
        {
            "ResourceType": "AWS::S3::Bucket",
            "LogicalResourceId": "ResumeBucket",
            "ResourceIdentifier": {"BucketName": BUCKET},
        },
    ]
    for name in ("UserPool", "ResumeBucket"):
        resource = imported["Resources"][name]
        assert resource["DeletionPolicy"] == "Retain"
        assert resource["Type"] == template["Resources"][name]["Type"]
    # Only the bucket's CORS rule (it names the page's distribution) waits for the deploy.
    assert [line.split(" ")[0] for line in left_out] == ["ResumeBucket.CorsConfiguration"]
    full = template["Resources"]
    for name in ("UserPool", "ResumeBucket"):
        kept = set(imported["Resources"][name]["Properties"])
        assert kept | {"CorsConfiguration"} >= set(full[name]["Properties"]), name


def test_the_import_template_names_only_what_it_defines(
    template: dict[str, Any], core: dict[str, Any]
) -> None:
    imported, _, _ = _plan(template, core)
    defined = (
        set(imported["Resources"])
        | set(imported.get("Parameters", {}))
        | set(imported.get("Conditions", {}))
    )
    for name, resource in imported["Resources"].items():
        assert _names(resource) <= defined, name
    # The stage's values are in place: the pool sends mail the way the stage does.
    pool = imported["Resources"]["UserPool"]["Properties"]
    assert pool["EmailConfiguration"] == {"EmailSendingAccount": "COGNITO_DEFAULT"}
    assert (
        pool["UsernameAttributes"]
        == template["Resources"]["UserPool"]["Properties"]["UsernameAttributes"]
    )
    assert imported["Resources"]["ResumeBucket"]["Properties"]["BucketName"] == {
        "Fn::Sub": "${AWS::StackName}-resumes-${AWS::AccountId}-${AWS::Region}"
    }


def test_every_retained_resource_of_the_template_is_one_the_script_re_attaches(
    template: dict[str, Any],
) -> None:
    retained = {
        n
        for n, r in template["Resources"].items()
        if r.get("DeletionPolicy") == "Retain" and r["Type"] not in reattach.OSLS_RETAINS
    }
    assert retained == {r.logical_id for r in reattach.RETAINED}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda t: t["Resources"]["UserPool"].pop("DeletionPolicy"),
            "needs DeletionPolicy: Retain",
        ),
        (
            lambda t: t["Resources"]["ResumeBucket"].update(DeletionPolicy="Delete"),
            "DeletionPolicy Delete",
        ),
        (lambda t: t["Resources"].pop("UserPool"), "UserPool is not in the compiled template"),
        (
            lambda t: t["Resources"]["ResumeBucket"].update(Type="AWS::S3::AccessPoint"),
            "not a AWS::S3::Bucket",
        ),
        (
            lambda t: t["Resources"]["PageBucket"].update(DeletionPolicy="Retain"),
            "retains PageBucket",
        ),
        (
            lambda t: t["Resources"]["UserPool"]["Properties"].update(
                UsernameAttributes={"Fn::GetAtt": ["PageDistribution", "DomainName"]}
            ),
            "UserPool.UsernameAttributes forces a replacement",
        ),
    ],
)
def test_a_template_that_cannot_import_is_refused(
    template: dict[str, Any], core: dict[str, Any], change: Any, message: str
) -> None:
    changed = copy.deepcopy(template)
    change(changed)
    with pytest.raises(reattach.Refused, match=message):
        _plan(changed, core)


@pytest.mark.parametrize(
    ("identifiers", "message"),
    [
        ({"ResumeBucket": "track-dev-resumes-123456789012-eu-west-1"}, "wrong stage"),
        ({"ResumeBucket": "track-prod-resumes-123456789012-us-east-1"}, "wrong stage, region"),
        ({"ResumeBucket": "Not_A_Bucket"}, "is not a BucketName"),
        ({"UserPool": "us-east-1_AbCdEf123"}, "is not in eu-west-1"),
        ({"UserPool": "AbCdEf123"}, "is not a UserPoolId"),
    ],
)
def test_an_identifier_the_template_cannot_own_is_refused(
    template: dict[str, Any], core: dict[str, Any], identifiers: dict[str, str], message: str
) -> None:
    with pytest.raises(reattach.Refused, match=message):
        _plan(template, core, **identifiers)


def test_the_script_writes_the_files_and_prints_the_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in (reattach.UPDATE_TEMPLATE, reattach.CREATE_TEMPLATE):
        if not (PACKAGE / name).is_file():
            pytest.fail(f"no {name}: run `make package STAGE=prod`")
        shutil.copy(PACKAGE / name, tmp_path / name)
    argv = ["--stage", "prod", "--region", REGION, "--pool-id", POOL, "--bucket", BUCKET]

    assert reattach.main([*argv, "--package-dir", str(tmp_path)]) == 0

    out = capsys.readouterr().out
    written = json.loads((tmp_path / "reattach" / "resources-to-import.json").read_text())
    assert [r["LogicalResourceId"] for r in written] == ["UserPool", "ResumeBucket"]
    assert json.loads((tmp_path / "reattach" / "import-template.json").read_text())["Resources"]
    assert "--change-set-type IMPORT" in out
    assert f"--region {REGION}" in out
    assert "make deploy STAGE=prod REGION=eu-west-1" in out
    assert "app client" in out

    (tmp_path / reattach.UPDATE_TEMPLATE).unlink()
    assert reattach.main([*argv, "--package-dir", str(tmp_path)]) == 2
    assert "make package STAGE=prod" in capsys.readouterr().out
