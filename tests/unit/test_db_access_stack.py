"""The stack's side of database access, read from serverless.yml and infra/database.yml
(no packaging): the API may read one secret and nothing else, and runs with the settings
that work behind RDS Proxy. `make test-package` lints the generated template as well."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


class _CloudFormationLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short tags kept as {"!Tag": value}."""


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {f"!{suffix}": value}


_CloudFormationLoader.add_multi_constructor("!", _tag)


def load(path: str) -> dict[str, Any]:
    data = yaml.load((ROOT / path).read_text(), Loader=_CloudFormationLoader)
    assert isinstance(data, dict)
    return data


def test_the_api_runs_with_settings_that_work_behind_rds_proxy() -> None:
    stack = load("serverless.yml")
    env = stack["provider"]["environment"]
    assert env["DATABASE_SECRET_ARN"] == "${param:databaseSecretArn}"
    assert env["DB_TIMEOUTS"] == "${param:dbTimeouts}"
    assert stack["params"]["default"]["dbTimeouts"] == "role"
    assert env["DB_SSL_MODE"] == "verify-full"
    assert stack["params"]["default"]["databaseSecretArn"] == ""
    assert "${file(infra/database.yml)}" in stack["resources"]


def test_the_api_may_read_its_one_secret_and_nothing_else() -> None:
    fragment = load("infra/database.yml")
    policy = fragment["Resources"]["DatabaseSecretReadPolicy"]
    assert policy["Condition"] == "HasDatabaseSecret"
    (statement,) = policy["Properties"]["PolicyDocument"]["Statement"]
    assert statement == {
        "Effect": "Allow",
        "Action": ["secretsmanager:GetSecretValue"],
        "Resource": {"!Ref": "DatabaseSecretArn"},
    }
    assert fragment["Parameters"]["DatabaseSecretArn"]["Default"] == "${param:databaseSecretArn}"


def test_the_artifact_keeps_the_secrets_manager_model() -> None:
    slim = load("serverless.yml")["custom"]["pythonRequirements"]["slimPatterns"]
    (botocore,) = [pattern for pattern in slim if pattern.startswith("botocore/data/")]
    assert "secretsmanager" in botocore
