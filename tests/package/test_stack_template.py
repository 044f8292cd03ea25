"""The compiled stack, dev and prod (`make test-package` builds both): its own network and
database, and least privilege, read from the CloudFormation templates osls made offline.

- No function's environment holds owner credentials or a `{{resolve:...}}` database URL; the
  API and cleanup read the API role's secret and connect through RDS Proxy; only migrate is
  told the owner's secret, and only its role may read it.
- One IAM role per function, each with exactly the actions and resources listed here.
- A VPC with two private subnets in two AZs, no way to the internet, the S3 gateway and
  Secrets Manager interface endpoints, security groups chained functions -> proxy -> database.
- Aurora Serverless v2 encrypted, backed up, protected on prod; a parameter group that keeps
  values out of the server's log; RDS Proxy requiring TLS; the migrate custom resource.
- `network: existing` / `database: existing`: none of it is created, the names given are used
  (read from `osls print`, which resolves the configuration offline in seconds).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = {
    "dev": ROOT / ".serverless" / "cloudformation-template-update-stack.json",
    "prod": ROOT / ".serverless-prod" / "cloudformation-template-update-stack.json",
}
FUNCTIONS = {
    "api": "ApiLambdaFunction",
    "migrate": "MigrateLambdaFunction",
    "cleanup": "CleanupLambdaFunction",
    "digest": "DigestLambdaFunction",
    "mailRelay": "MailRelayLambdaFunction",
    "pushRelay": "PushRelayLambdaFunction",
}
# Outside the VPC on purpose: SES's API has no VPC endpoint (infra/mail.yml), and the push
# services are on the internet (infra/push.yml).
OUTSIDE_VPC = {"mailRelay", "pushRelay"}
API_SECRET = {"Ref": "ApiDatabaseSecret"}
OWNER_SECRET = {"Fn::GetAtt": ["DatabaseCluster", "MasterUserSecret.SecretArn"]}
PROXY_ENDPOINT = {"Fn::GetAtt": ["DatabaseProxy", "Endpoint"]}
WRITER_ENDPOINT = {"Fn::GetAtt": ["DatabaseCluster", "Endpoint.Address"]}
ENI_ACTIONS = {
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
}


@pytest.fixture(scope="module", params=sorted(TEMPLATES))
def stage(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def template(stage: str) -> dict[str, Any]:
    path = TEMPLATES[stage]
    if not path.is_file():
        pytest.fail(
            f"no {stage} template: run `make package STAGE={stage}` (make test-package does)"
        )
    return dict(json.loads(path.read_text()))


@pytest.fixture(scope="module")
def resources(template: dict[str, Any]) -> dict[str, Any]:
    return dict(template["Resources"])


def _of_type(resources: dict[str, Any], type_: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in resources.items() if r["Type"] == type_}


def _env(resources: dict[str, Any], function: str) -> dict[str, Any]:
    return dict(resources[FUNCTIONS[function]]["Properties"]["Environment"]["Variables"])


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _grants(role: dict[str, Any]) -> set[tuple[str, str]]:
    """Every (action, resource) an inline policy of the role allows, resources as JSON."""
    found = set()
    for policy in role["Properties"].get("Policies", []):
        for statement in policy["PolicyDocument"]["Statement"]:
            assert statement["Effect"] == "Allow"
            for action in _as_list(statement["Action"]):
                for resource in _as_list(statement["Resource"]):
                    found.add((action, json.dumps(resource, sort_keys=True)))
    return found


def _expected(*pairs: tuple[set[str] | str, Any]) -> set[tuple[str, str]]:
    found = set()
    for actions, resource in pairs:
        for action in {actions} if isinstance(actions, str) else actions:
            found.add((action, json.dumps(resource, sort_keys=True)))
    return found


# ---- credentials: none in any environment --------------------------------------------------


def test_no_function_environment_holds_owner_credentials_or_a_database_url(
    resources: dict[str, Any],
) -> None:
    functions = _of_type(resources, "AWS::Lambda::Function")
    assert set(functions) == set(FUNCTIONS.values())
    for name, function in functions.items():
        env = function["Properties"]["Environment"]["Variables"]
        assert "DATABASE_URL" not in env, name
        text = json.dumps(env)
        assert "{{resolve:" not in text, name
        assert "password" not in text.lower(), name
        if name != "MigrateLambdaFunction":
            assert "MIGRATE_SECRET_ARN" not in env, name
            assert "MasterUserSecret" not in text, name
    # Nothing resolves a secret or parameter into the template at all.
    assert "{{resolve:" not in json.dumps(resources)


def test_the_api_and_cleanup_read_the_api_role_secret_and_connect_through_the_proxy(
    resources: dict[str, Any],
) -> None:
    for function in ("api", "cleanup", "digest"):
        env = _env(resources, function)
        assert env["DATABASE_SECRET_ARN"] == API_SECRET, function
        assert env["DB_HOST"] == PROXY_ENDPOINT, function
        assert env["DB_NAME"] == "track", function
        assert env["DB_TIMEOUTS"] == "role", function  # RDS Proxy refuses startup options
        assert env["DB_SSL_MODE"] == "verify-full", function


def test_only_migrate_is_told_the_owner_secret_and_it_connects_to_the_writer(
    resources: dict[str, Any],
) -> None:
    env = _env(resources, "migrate")
    assert env["MIGRATE_SECRET_ARN"] == OWNER_SECRET
    assert env["MIGRATE_DB_HOST"] == WRITER_ENDPOINT
    assert env["DATABASE_SECRET_ARN"] == API_SECRET  # the role it creates and grants
    assert env["DB_NAME"] == "track"
    assert env["DB_SSL_MODE"] == "verify-full"
    assert "DB_HOST" not in env


def test_the_api_keeps_snapstart(resources: dict[str, Any]) -> None:
    api = resources["ApiLambdaFunction"]["Properties"]
    assert api["SnapStart"] == {"ApplyOn": "PublishedVersions"}
    assert api["TracingConfig"] == {"Mode": "Active"}


# ---- one role per function, exactly what each needs ----------------------------------------


def test_each_function_has_a_role_of_its_own(resources: dict[str, Any]) -> None:
    assert "IamRoleLambdaExecution" not in resources
    roles = {f: resources[n]["Properties"]["Role"] for f, n in FUNCTIONS.items()}
    assert roles == {
        "api": {"Fn::GetAtt": ["ApiRole", "Arn"]},
        "migrate": {"Fn::GetAtt": ["MigrateRole", "Arn"]},
        "cleanup": {"Fn::GetAtt": ["CleanupRole", "Arn"]},
        "digest": {"Fn::GetAtt": ["DigestRole", "Arn"]},
        "mailRelay": {"Fn::GetAtt": ["MailRelayRole", "Arn"]},
        "pushRelay": {"Fn::GetAtt": ["PushRelayRole", "Arn"]},
    }
    for name in (
        "ApiRole",
        "MigrateRole",
        "CleanupRole",
        "DigestRole",
        "MailRelayRole",
        "PushRelayRole",
    ):
        role = resources[name]["Properties"]
        (trust,) = role["AssumeRolePolicyDocument"]["Statement"]
        assert trust == {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
        assert "ManagedPolicyArns" not in role, name  # no managed policy's wider grants


def test_each_role_allows_exactly_what_its_function_does(resources: dict[str, Any]) -> None:
    bucket_objects = [
        {"Fn::Sub": "${ResumeBucket.Arn}/pending/*"},
        {"Fn::Sub": "${ResumeBucket.Arn}/resumes/*"},
        {"Fn::Sub": "${ResumeBucket.Arn}/documents/*"},
        {"Fn::Sub": "${ResumeBucket.Arn}/exports/*"},
    ]
    logs = {"logs:CreateLogStream", "logs:PutLogEvents"}
    api = _expected(
        (logs, {"Fn::GetAtt": ["ApiLogGroup", "Arn"]}),
        (ENI_ACTIONS, "*"),
        ({"xray:PutTraceSegments", "xray:PutTelemetryRecords"}, "*"),
        *[({"s3:PutObject", "s3:GetObject", "s3:DeleteObject"}, r) for r in bucket_objects],
        ("s3:ListBucket", {"Fn::GetAtt": ["ResumeBucket", "Arn"]}),
        ("secretsmanager:GetSecretValue", API_SECRET),
    )
    cleanup = _expected(
        (logs, {"Fn::GetAtt": ["CleanupLogGroup", "Arn"]}),
        (ENI_ACTIONS, "*"),
        ("secretsmanager:GetSecretValue", API_SECRET),
        # Finishing the deletions of stored files whose rows are gone: delete only.
        ("s3:DeleteObject", {"Fn::Sub": "${ResumeBucket.Arn}/resumes/*"}),
        ("s3:DeleteObject", {"Fn::Sub": "${ResumeBucket.Arn}/documents/*"}),
    )
    migrate = _expected(
        (logs, {"Fn::GetAtt": ["MigrateLogGroup", "Arn"]}),
        (ENI_ACTIONS, "*"),
        ("secretsmanager:GetSecretValue", OWNER_SECRET),
        ("secretsmanager:GetSecretValue", API_SECRET),
        # Migration 0017 measures existing resumes (HeadObject) to record their size.
        ("s3:GetObject", {"Fn::Sub": "${ResumeBucket.Arn}/resumes/*"}),
        ("s3:ListBucket", {"Fn::GetAtt": ["ResumeBucket", "Arn"]}),
    )
    digest = _expected(
        (logs, {"Fn::GetAtt": ["DigestLogGroup", "Arn"]}),
        (ENI_ACTIONS, "*"),
        ("secretsmanager:GetSecretValue", API_SECRET),
    )
    relay = _expected((logs, {"Fn::GetAtt": ["MailRelayLogGroup", "Arn"]}))
    assert _grants(resources["ApiRole"]) == api
    assert _grants(resources["CleanupRole"]) == cleanup
    assert _grants(resources["MigrateRole"]) == migrate
    assert _grants(resources["DigestRole"]) == digest
    assert _grants(resources["MailRelayRole"]) == relay
    push_relay = _expected((logs, {"Fn::GetAtt": ["PushRelayLogGroup", "Arn"]}))
    assert _grants(resources["PushRelayRole"]) == push_relay
    # The owner's secret: migrate's role, and no other role or policy in the stack.
    owner = json.dumps(OWNER_SECRET, sort_keys=True)
    readers = {
        name
        for name, r in resources.items()
        if r["Type"] in {"AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"}
        and owner in json.dumps(r, sort_keys=True)
    }
    assert readers == {"MigrateRole"}
    # No wildcard action anywhere; "*" resources only for ENIs and X-Ray.
    for name, role in _of_type(resources, "AWS::IAM::Role").items():
        for action, resource in _grants(role):
            assert "*" not in action, (name, action)
            if resource == '"*"':
                assert action in ENI_ACTIONS or action.startswith("xray:"), (name, action)


# ---- the network --------------------------------------------------------------------------


def test_a_vpc_with_two_private_subnets_in_two_azs_and_no_way_out(
    resources: dict[str, Any],
) -> None:
    assert len(_of_type(resources, "AWS::EC2::VPC")) == 1
    subnets = _of_type(resources, "AWS::EC2::Subnet")
    assert set(subnets) == {"PrivateSubnetA", "PrivateSubnetB"}
    azs = [s["Properties"]["AvailabilityZone"] for s in subnets.values()]
    assert sorted(az["Fn::Select"][0] for az in azs) == [0, 1]
    assert all(s["Properties"]["MapPublicIpOnLaunch"] is False for s in subnets.values())
    for type_ in (
        "AWS::EC2::InternetGateway",
        "AWS::EC2::NatGateway",
        "AWS::EC2::EIP",
        "AWS::EC2::Route",
        "AWS::EC2::EgressOnlyInternetGateway",
    ):
        assert not _of_type(resources, type_), type_
    for function, name in FUNCTIONS.items():
        if function in OUTSIDE_VPC:
            assert "VpcConfig" not in resources[name]["Properties"], name
            continue
        vpc = resources[name]["Properties"]["VpcConfig"]
        assert vpc["SubnetIds"] == [{"Ref": "PrivateSubnetA"}, {"Ref": "PrivateSubnetB"}], name


def test_s3_and_secrets_manager_are_reached_through_endpoints(resources: dict[str, Any]) -> None:
    endpoints = {
        r["Properties"]["ServiceName"]["Fn::Sub"]: r["Properties"]
        for r in _of_type(resources, "AWS::EC2::VPCEndpoint").values()
        if "Condition" not in r  # with mail on only: test_mail_is_wired_only_when_on
    }
    assert set(endpoints) == {
        "com.amazonaws.${AWS::Region}.s3",
        "com.amazonaws.${AWS::Region}.secretsmanager",
    }
    s3 = endpoints["com.amazonaws.${AWS::Region}.s3"]
    assert s3["VpcEndpointType"] == "Gateway"
    assert s3["RouteTableIds"] == [{"Ref": "PrivateRouteTable"}]
    secrets = endpoints["com.amazonaws.${AWS::Region}.secretsmanager"]
    assert secrets["VpcEndpointType"] == "Interface"
    assert secrets["PrivateDnsEnabled"] is True
    assert len(secrets["SubnetIds"]) == 2
    statement, vapid_write = secrets["PolicyDocument"]["Statement"]
    assert statement["Action"] == "secretsmanager:GetSecretValue"
    assert statement["Resource"] == [
        API_SECRET,
        OWNER_SECRET,
        {"Fn::If": ["SendsDigest", {"Ref": "MailSigningSecret"}, {"Ref": "AWS::NoValue"}]},
        {"Fn::If": ["SendsDigest", {"Ref": "VapidSecret"}, {"Ref": "AWS::NoValue"}]},
    ]
    # The one write through the endpoint: migrate filling the empty VAPID secret.
    assert vapid_write == {
        "Fn::If": [
            "SendsDigest",
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "secretsmanager:PutSecretValue",
                "Resource": {"Ref": "VapidSecret"},
            },
            {"Ref": "AWS::NoValue"},
        ]
    }


def _rules(resources: dict[str, Any]) -> set[tuple[str, str, int, str]]:
    """(group, direction, port, peer) for every rule, inline or a resource of its own."""
    found = set()

    def peer(rule: dict[str, Any]) -> str:
        for key in ("SourceSecurityGroupId", "DestinationSecurityGroupId"):
            if key in rule:
                return str(rule[key]["Fn::GetAtt"][0])
        return str(rule["CidrIp"])

    for name, group in _of_type(resources, "AWS::EC2::SecurityGroup").items():
        for direction in ("Ingress", "Egress"):
            for rule in group["Properties"].get(f"SecurityGroup{direction}", []):
                found.add((name, direction, rule["FromPort"], peer(rule)))
    for direction in ("Ingress", "Egress"):
        for rule in _of_type(resources, f"AWS::EC2::SecurityGroup{direction}").values():
            props = rule["Properties"]
            found.add(
                (props["GroupId"]["Fn::GetAtt"][0], direction, props["FromPort"], peer(props))
            )
    return found


def test_security_groups_chain_functions_to_proxy_to_database_and_nothing_more(
    resources: dict[str, Any],
) -> None:
    nothing = ("Egress", -1, "127.0.0.1/32")  # a group that only answers
    assert _rules(resources) == {
        ("AppFunctionSecurityGroup", "Egress", 443, "0.0.0.0/0"),
        ("AppFunctionSecurityGroup", "Egress", 5432, "ProxySecurityGroup"),
        ("MigrateFunctionSecurityGroup", "Egress", 443, "0.0.0.0/0"),
        ("MigrateFunctionSecurityGroup", "Egress", 5432, "DatabaseSecurityGroup"),
        ("EndpointSecurityGroup", "Ingress", 443, "AppFunctionSecurityGroup"),
        ("EndpointSecurityGroup", "Ingress", 443, "MigrateFunctionSecurityGroup"),
        ("EndpointSecurityGroup", *nothing),
        ("ProxySecurityGroup", "Ingress", 5432, "AppFunctionSecurityGroup"),
        ("ProxySecurityGroup", "Egress", 5432, "DatabaseSecurityGroup"),
        ("DatabaseSecurityGroup", "Ingress", 5432, "ProxySecurityGroup"),
        ("DatabaseSecurityGroup", "Ingress", 5432, "MigrateFunctionSecurityGroup"),
        ("DatabaseSecurityGroup", *nothing),
    }
    groups = {
        f: resources[n]["Properties"]["VpcConfig"]["SecurityGroupIds"]
        for f, n in FUNCTIONS.items()
        if f not in OUTSIDE_VPC
    }
    assert (
        groups["api"]
        == groups["cleanup"]
        == groups["digest"]
        == [{"Fn::GetAtt": ["AppFunctionSecurityGroup", "GroupId"]}]
    )
    assert groups["migrate"] == [{"Fn::GetAtt": ["MigrateFunctionSecurityGroup", "GroupId"]}]


# ---- the database -------------------------------------------------------------------------


def test_aurora_serverless_v2_is_encrypted_backed_up_and_protected_on_prod(
    stage: str, template: dict[str, Any], resources: dict[str, Any]
) -> None:
    cluster = resources["DatabaseCluster"]
    props = cluster["Properties"]
    assert props["Engine"] == "aurora-postgresql"
    assert props["StorageEncrypted"] is True
    assert int(props["BackupRetentionPeriod"]) >= 7
    assert props["ManageMasterUserPassword"] is True
    assert "MasterUserPassword" not in props
    assert props["DBClusterParameterGroupName"] == {"Ref": "DatabaseClusterParameterGroup"}
    assert props["ServerlessV2ScalingConfiguration"] == {
        "MinCapacity": {"Ref": "DatabaseMinCapacity"},
        "MaxCapacity": {"Ref": "DatabaseMaxCapacity"},
    }
    parameters = template["Parameters"]
    low, high = (float(parameters[f"Database{m}Capacity"]["Default"]) for m in ("Min", "Max"))
    assert 0.5 <= low <= high <= 16
    if stage == "prod":
        assert str(props["DeletionProtection"]).lower() == "true"
        assert cluster["DeletionPolicy"] == cluster["UpdateReplacePolicy"] == "Snapshot"
        assert int(props["BackupRetentionPeriod"]) >= 14
    else:  # dev is removed with its stack, and nothing is kept
        assert str(props["DeletionProtection"]).lower() == "false"
        assert cluster["DeletionPolicy"] == "Delete"
    (instance,) = _of_type(resources, "AWS::RDS::DBInstance").values()
    assert instance["Properties"]["DBInstanceClass"] == "db.serverless"
    assert instance["Properties"]["PubliclyAccessible"] is False
    assert instance["Properties"]["DBClusterIdentifier"] == {"Ref": "DatabaseCluster"}


def test_the_server_log_keeps_no_statement_text_or_values(resources: dict[str, Any]) -> None:
    group = resources["DatabaseClusterParameterGroup"]["Properties"]
    assert group["Family"].startswith("aurora-postgresql")
    assert group["Parameters"] == {
        "rds.force_ssl": "1",
        "log_statement": "none",
        "log_min_error_statement": "panic",
        "log_error_verbosity": "terse",
        "log_min_duration_statement": "-1",
        "log_parameter_max_length": "0",
        "log_parameter_max_length_on_error": "0",
    }


def test_rds_proxy_requires_tls_and_knows_the_api_role_secret_only(
    resources: dict[str, Any],
) -> None:
    proxy = resources["DatabaseProxy"]["Properties"]
    assert proxy["RequireTLS"] is True
    assert proxy["EngineFamily"] == "POSTGRESQL"
    assert proxy["DebugLogging"] is False
    assert 0 < proxy["IdleClientTimeout"] <= 1800
    assert proxy["Auth"] == [
        {
            "AuthScheme": "SECRETS",
            "SecretArn": API_SECRET,
            "IAMAuth": "DISABLED",
            "ClientPasswordAuthType": "POSTGRES_SCRAM_SHA_256",
        }
    ]
    assert proxy["RoleArn"] == {"Fn::GetAtt": ["DatabaseProxyRole", "Arn"]}
    assert _grants(resources["DatabaseProxyRole"]) == _expected(
        ("secretsmanager:GetSecretValue", API_SECRET)
    )
    (trust,) = resources["DatabaseProxyRole"]["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Service": "rds.amazonaws.com"}
    target = resources["DatabaseProxyTargetGroup"]["Properties"]
    assert target["DBProxyName"] == {"Ref": "DatabaseProxy"}
    assert target["DBClusterIdentifiers"] == [{"Ref": "DatabaseCluster"}]
    assert target["ConnectionPoolConfigurationInfo"]["MaxConnectionsPercent"] < 100


def test_the_api_role_secret_is_generated_for_track_api(resources: dict[str, Any]) -> None:
    secret = resources["ApiDatabaseSecret"]
    assert set(_of_type(resources, "AWS::SecretsManager::Secret")) == {
        "ApiDatabaseSecret",
        "MailSigningSecret",  # with mail on (test_mail_is_wired_only_when_on)
        "VapidSecret",  # with mail on, filled by migrate (test_push_grants_...)
    }
    generate = secret["Properties"]["GenerateSecretString"]
    assert json.loads(generate["SecretStringTemplate"])["username"] == "track_api"
    assert generate["GenerateStringKey"] == "password"
    assert generate["PasswordLength"] >= 32
    assert "SecretString" not in secret["Properties"]


def test_the_migrate_custom_resource_runs_after_the_writer_and_the_proxy_target(
    resources: dict[str, Any],
) -> None:
    migrate = resources["MigrateOnDeploy"]
    assert migrate["Type"] == "Custom::Migrate"
    # After the writer, the proxy's target and the endpoints migrate uses exist (and, on
    # removal, before they go: its answer to the Delete is a PUT through the S3 endpoint).
    assert set(migrate["DependsOn"]) == {
        "DatabaseInstance",
        "DatabaseProxyTargetGroup",
        "SecretsManagerEndpoint",
        "S3GatewayEndpoint",
        "PrivateSubnetARouteTable",
        "PrivateSubnetBRouteTable",
    }
    props = migrate["Properties"]
    assert set(props) == {"ServiceToken", "ServiceTimeout", "Deploy"}
    assert props["ServiceToken"] == {"Fn::GetAtt": ["MigrateLambdaFunction", "Arn"]}
    # No credentials travel through the custom resource's properties (they are logged).
    assert "Secret" not in json.dumps(props)


# ---- bring your own network and database ---------------------------------------------------

SUBNETS = "subnet-0123456789abcdef0,subnet-0fedcba9876543210"
EXISTING = {
    "network": "existing",
    "database": "existing",
    "subnetIds": SUBNETS,
    "securityGroupIds": "sg-0123456789abcdef0",
    "databaseSecretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:track/api-AbCdEf",
    "ownerSecretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-1-AbCdEf",
    "databaseHost": "track.cluster-abc.us-east-1.rds.amazonaws.com",
    "databaseProxyHost": "track.proxy-abc.us-east-1.rds.amazonaws.com",
}


@pytest.fixture(scope="module")
def existing() -> dict[str, Any]:
    """The configuration osls resolves for a stage that brings its VPC and database."""
    osls = ROOT / "node_modules" / ".bin" / "osls"
    if not osls.exists():
        pytest.fail("no osls: run `make deploy-deps`")
    args = [f"--param={key}={value}" for key, value in EXISTING.items()]
    run = subprocess.run(
        [str(osls), "print", "--stage", "byo", "--format", "json", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return dict(json.loads(run.stdout))


def test_existing_mode_creates_no_network_and_no_database(existing: dict[str, Any]) -> None:
    created = existing["resources"]["Resources"]
    # The mail's signing key (infra/mail.yml, with mail on) is no database secret.
    types = {r["Type"] for r in created.values() if r.get("Condition") != "SendsDigest"}
    assert not {
        t for t in types if t.startswith(("AWS::EC2::", "AWS::RDS::", "AWS::SecretsManager::"))
    }
    assert {"ApiRole", "MigrateRole", "CleanupRole"} <= set(created)
    assert (
        "DependsOn" not in created["MigrateOnDeploy"]
        or created["MigrateOnDeploy"]["DependsOn"] == []
    )


def test_existing_mode_uses_the_names_given(existing: dict[str, Any]) -> None:
    functions = existing["functions"]
    for name in ("api", "migrate", "cleanup", "digest"):
        assert functions[name]["vpc"] == {
            "subnetIds": {"Fn::Split": [",", SUBNETS]},
            "securityGroupIds": {"Fn::Split": [",", EXISTING["securityGroupIds"]]},
        }, name
    for name in ("api", "cleanup", "digest"):
        environment = functions[name]["environment"]
        assert environment["DATABASE_SECRET_ARN"] == EXISTING["databaseSecretArn"], name
        assert environment["DB_HOST"] == EXISTING["databaseProxyHost"], name
        # The unsubscribe links' key (infra/mail.yml); mail settings only otherwise.
        assert set(environment) - {"DATABASE_SECRET_ARN", "DB_HOST"} <= {
            "MAIL_SIGNING_SECRET_ARN", "MAIL_FROM", "MAIL_RELAY_FUNCTION", "PAGE_URL", "API_URL",
            "VAPID_SECRET_ARN", "PUSH_RELAY_FUNCTION",  # Web Push (infra/push.yml)
        }, name  # fmt: skip
    assert functions["migrate"]["environment"] == {
        "MIGRATE_SECRET_ARN": EXISTING["ownerSecretArn"],
        "MIGRATE_DB_HOST": EXISTING["databaseHost"],
        "DATABASE_SECRET_ARN": EXISTING["databaseSecretArn"],
        # The VAPID secret migrate fills once (infra/push.yml; '' with mail off).
        "VAPID_SECRET_ARN": {"Fn::If": ["SendsDigest", {"Ref": "VapidSecret"}, ""]},
    }
    roles = existing["resources"]["Resources"]
    migrate = json.dumps(roles["MigrateRole"])
    assert EXISTING["ownerSecretArn"] in migrate
    assert EXISTING["databaseSecretArn"] in migrate
    for name in ("ApiRole", "CleanupRole"):
        text = json.dumps(roles[name])
        assert EXISTING["databaseSecretArn"] in text
        assert EXISTING["ownerSecretArn"] not in text


# ---- mail (infra/mail.yml) ------------------------------------------------------------------

MAIL_RESOURCES = {
    "MailConfigurationSet",
    "MailFeedbackTopic",
    "MailFeedbackTopicPolicy",
    "MailFeedbackDestination",
    "MailFeedbackSubscription",
    "DigestFeedbackPermission",
    "DigestSchedule",
    "DigestSchedulePermission",
    "MailSigningSecret",
    "ApiMailSigningKeyPolicy",
    "DigestMailPolicy",
    "MailRelaySesPolicy",
    "DigestSendFailuresMetricFilter",
    "DigestSendFailuresAlarm",
    "DigestErrorsAlarm",
    "LambdaEndpoint",
    # Web Push rides on the digest (infra/push.yml).
    "VapidSecret",
    "MigrateVapidPolicy",
    "ApiVapidPolicy",
    "PushRelayVapidPolicy",
    "DigestPushPolicy",
    "PushFailuresMetricFilter",
}


def test_mail_is_wired_only_when_on(template: dict[str, Any], resources: dict[str, Any]) -> None:
    conditional = {name for name, r in resources.items() if r.get("Condition") == "SendsDigest"}
    assert conditional == MAIL_RESOURCES
    # Off unless both the identity and the From address are set (the committed stages: off).
    assert template["Conditions"]["SendsDigest"] == {
        "Fn::And": [
            {"Condition": "SendsMailThroughSes"},
            {"Fn::Not": [{"Fn::Equals": [{"Ref": "MailFrom"}, ""]}]},
        ]
    }
    assert template["Parameters"]["MailFrom"]["Default"] == ""
    schedule = resources["DigestSchedule"]["Properties"]
    assert schedule["ScheduleExpression"] == "cron(0 * * * ? *)"
    assert schedule["Targets"] == [
        {"Id": "digest", "Arn": {"Fn::GetAtt": ["DigestLambdaFunction", "Arn"]}}
    ]
    destination = resources["MailFeedbackDestination"]["Properties"]["EventDestination"]
    assert sorted(destination["MatchingEventTypes"]) == ["bounce", "complaint"]
    secret = resources["MailSigningSecret"]["Properties"]["GenerateSecretString"]
    assert secret["GenerateStringKey"] == "key"
    assert secret["PasswordLength"] >= 64


def _policy_grants(policy: dict[str, Any]) -> set[tuple[str, str]]:
    return _grants({"Properties": {"Policies": [policy["Properties"]]}})


def test_mail_grants_are_scoped_to_the_identity_the_set_and_the_relay(
    resources: dict[str, Any],
) -> None:
    ses = resources["MailRelaySesPolicy"]
    assert ses["Properties"]["Roles"] == [{"Ref": "MailRelayRole"}]
    assert _policy_grants(ses) == _expected(
        ("ses:SendEmail", {"Ref": "SesIdentityArn"}),
        (
            "ses:SendEmail",
            {
                "Fn::Sub": "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}"
                ":configuration-set/${MailConfigurationSet}"
            },
        ),
    )
    digest = resources["DigestMailPolicy"]
    assert digest["Properties"]["Roles"] == [{"Ref": "DigestRole"}]
    assert _policy_grants(digest) == _expected(
        ("secretsmanager:GetSecretValue", {"Ref": "MailSigningSecret"}),
        ("lambda:InvokeFunction", {"Fn::GetAtt": ["MailRelayLambdaFunction", "Arn"]}),
    )
    api = resources["ApiMailSigningKeyPolicy"]
    assert api["Properties"]["Roles"] == [{"Ref": "ApiRole"}]
    assert _policy_grants(api) == _expected(
        ("secretsmanager:GetSecretValue", {"Ref": "MailSigningSecret"})
    )
    # No other policy or role in the stack may send mail.
    senders = {
        name
        for name, r in resources.items()
        if r["Type"] in {"AWS::IAM::Role", "AWS::IAM::Policy"} and "ses:" in json.dumps(r)
    }
    assert senders == {"MailRelaySesPolicy"}


def test_push_grants_only_migrate_writing_the_vapid_secret(resources: dict[str, Any]) -> None:
    secret = resources["VapidSecret"]["Properties"]
    assert secret["SecretString"] == "{}"  # filled by migrate (notifications/vapid.py)
    vapid = {"Ref": "VapidSecret"}
    read = ("secretsmanager:GetSecretValue", vapid)
    policies = {
        name: (resources[name]["Properties"]["Roles"], _policy_grants(resources[name]))
        for name in ("MigrateVapidPolicy", "ApiVapidPolicy", "PushRelayVapidPolicy")
    }
    assert policies == {
        "MigrateVapidPolicy": (
            [{"Ref": "MigrateRole"}],
            _expected(read, ("secretsmanager:PutSecretValue", vapid)),
        ),
        "ApiVapidPolicy": ([{"Ref": "ApiRole"}], _expected(read)),
        "PushRelayVapidPolicy": ([{"Ref": "PushRelayRole"}], _expected(read)),
    }
    digest = resources["DigestPushPolicy"]
    assert digest["Properties"]["Roles"] == [{"Ref": "DigestRole"}]
    assert _policy_grants(digest) == _expected(
        ("lambda:InvokeFunction", {"Fn::GetAtt": ["PushRelayLambdaFunction", "Arn"]})
    )
    writers = {
        name
        for name, r in resources.items()
        if r["Type"] in {"AWS::IAM::Role", "AWS::IAM::Policy"}
        and "secretsmanager:PutSecretValue" in json.dumps(r)
    }
    assert writers == {"MigrateVapidPolicy"}


def test_the_unsubscribe_link_is_public_at_the_gateway(resources: dict[str, Any]) -> None:
    for method in ("Get", "Post"):
        route = resources[f"HttpApiRoute{method}ApiNotificationsUnsubscribe"]["Properties"]
        assert route["RouteKey"] == f"{method.upper()} /api/notifications/unsubscribe"
        assert route.get("AuthorizationType", "NONE") == "NONE"
    settings = resources["HttpApiStage"]["Properties"]["RouteSettings"]
    assert "POST /api/notifications/unsubscribe" in settings
