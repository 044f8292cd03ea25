"""The stack's side of database access, read from serverless.yml (no packaging): each function
reads its own secret at run time, none is given a URL or password, and the API runs with the
settings that work behind RDS Proxy. tests/package/test_stack_template.py checks the compiled
templates (roles, secrets, proxy) as well."""

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
    assert env["DB_TIMEOUTS"] == "${param:dbTimeouts}"
    assert stack["params"]["default"]["dbTimeouts"] == "role"
    assert env["DB_SSL_MODE"] == "verify-full"
    database = "${self:custom.database.${param:database}"
    for name in ("api", "cleanup"):
        function_env = stack["functions"][name]["environment"]
        assert function_env["DATABASE_SECRET_ARN"] == database + ".apiSecretArn}"
        assert function_env["DB_HOST"] == database + ".apiHost}"


def test_no_function_is_given_a_database_url_or_the_owner_secret_but_migrate() -> None:
    stack = load("serverless.yml")
    assert "databaseUrl" not in stack["params"]["default"]
    provider_env = stack["provider"]["environment"]
    assert not {"DATABASE_URL", "DATABASE_SECRET_ARN", "MIGRATE_SECRET_ARN"} & set(provider_env)
    for name, function in stack["functions"].items():
        env = function.get("environment", {})
        assert "DATABASE_URL" not in env, name
        assert ("MIGRATE_SECRET_ARN" in env) == (name == "migrate"), name
        assert function["role"] == f"{name[0].upper()}{name[1:]}Role", name


def test_the_artifact_keeps_the_secrets_manager_model() -> None:
    slim = load("serverless.yml")["custom"]["pythonRequirements"]["slimPatterns"]
    (botocore,) = [pattern for pattern in slim if pattern.startswith("botocore/data/")]
    assert "secretsmanager" in botocore
