"""The generated template turns traffic away at the gateway and watches the stack: a Cognito
JWT authorizer on every route but health and the calendar feed, stage and health throttling,
the API's reserved concurrency, alarms to an SNS topic, a dashboard, a budget, JSON logs, and
stateful resources kept on removal (docs/operations.md). Reads `make package`'s output."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / ".serverless" / "cloudformation-template-update-stack.json"
# Public: health, the calendar feed (its URL is its secret) and the mail's unsubscribe link
# (its signed token is the credential).
PUBLIC_ROUTES = {
    "GET /api/health",
    "GET /api/calendar/feed/{secret}",
    "GET /api/notifications/unsubscribe",
    "POST /api/notifications/unsubscribe",
}


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    if not TEMPLATE.is_file():
        pytest.fail("no template in .serverless/: run `make package` (make test-package does)")
    return dict(json.loads(TEMPLATE.read_text()))


@pytest.fixture(scope="module")
def resources(template: dict[str, Any]) -> dict[str, Any]:
    return dict(template["Resources"])


def _of_type(resources: dict[str, Any], type_: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in resources.items() if r["Type"] == type_}


def _routes(resources: dict[str, Any]) -> dict[str, dict[str, Any]]:
    routes = _of_type(resources, "AWS::ApiGatewayV2::Route").values()
    return {r["Properties"]["RouteKey"]: r["Properties"] for r in routes}


def test_every_route_but_health_and_the_feed_needs_a_cognito_token(
    resources: dict[str, Any],
) -> None:
    [(name, authorizer)] = _of_type(resources, "AWS::ApiGatewayV2::Authorizer").items()
    props = authorizer["Properties"]
    assert props["AuthorizerType"] == "JWT"
    assert props["IdentitySource"] == ["$request.header.Authorization"]
    assert props["JwtConfiguration"]["Audience"] == [{"Ref": "UserPoolClient"}]
    issuer = props["JwtConfiguration"]["Issuer"]["Fn::Sub"]
    assert issuer == "https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}"

    routes = _routes(resources)
    assert set(routes) == PUBLIC_ROUTES | {
        f"{method} /api/{{proxy+}}" for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
    }
    for key, route in routes.items():
        if key in PUBLIC_ROUTES:
            assert "AuthorizerId" not in route, key
        else:
            assert route["AuthorizationType"] == "JWT", key
            assert route["AuthorizerId"] == {"Ref": name}, key
    # No ANY and no OPTIONS route: the gateway answers CORS preflights itself, unauthorised.
    assert not any(key.startswith(("ANY ", "OPTIONS ")) for key in routes)


def test_the_stage_throttles_and_health_has_its_own_tighter_limit(
    resources: dict[str, Any],
) -> None:
    [stage] = _of_type(resources, "AWS::ApiGatewayV2::Stage").values()
    defaults = stage["Properties"]["DefaultRouteSettings"]
    health = stage["Properties"]["RouteSettings"]["GET /api/health"]
    rate, burst = float(defaults["ThrottlingRateLimit"]), int(defaults["ThrottlingBurstLimit"])
    assert 0 < rate <= burst
    assert 0 < float(health["ThrottlingRateLimit"]) < rate
    assert 0 < int(health["ThrottlingBurstLimit"]) < burst
    # The anonymous feed is limited apart, so one polling client cannot 429 everyone.
    feed = stage["Properties"]["RouteSettings"]["GET /api/calendar/feed/{secret}"]
    assert 0 < float(feed["ThrottlingRateLimit"]) < rate
    assert 0 < int(feed["ThrottlingBurstLimit"]) < burst
    # The routes must exist before the stage names them.
    assert {"HttpApiRouteGetApiHealth", "HttpApiRouteGetApiCalendarFeedSecretVar"} <= set(
        stage["DependsOn"]
    )


def test_access_logs_carry_latency_status_and_errors_but_never_the_raw_path(
    resources: dict[str, Any],
) -> None:
    [stage] = _of_type(resources, "AWS::ApiGatewayV2::Stage").values()
    fields = json.loads(stage["Properties"]["AccessLogSettings"]["Format"])
    assert {
        "status": "$context.status",
        "routeKey": "$context.routeKey",
        "responseLatency": "$context.responseLatency",
        "integrationLatency": "$context.integrationLatency",
        "integrationError": "$context.integrationErrorMessage",
        "error": "$context.error.message",
    }.items() <= fields.items()
    # The feed's path is its secret: no field may log the path.
    assert not any("path" in value.lower() for value in fields.values()), fields


def test_the_api_trusts_the_authorizers_claims_which_the_routes_all_pass_through(
    resources: dict[str, Any],
) -> None:
    # COGNITO_VERIFY=gateway is only safe while every route that reads a user has the JWT
    # authorizer (test_every_route_but_health_and_the_feed_needs_a_cognito_token).
    api = resources["ApiLambdaFunction"]["Properties"]
    assert api["Environment"]["Variables"]["COGNITO_VERIFY"] == "gateway"
    assert api["Environment"]["Variables"]["AUTH_MODE"] == "cognito"


def test_reserved_concurrency_is_only_set_when_asked_for_and_json_logs(
    resources: dict[str, Any], template: dict[str, Any]
) -> None:
    # A new account's quota (10) leaves nothing to reserve: '0' (the default) sets none, and
    # the alarm on the reservation's share exists only with a reservation.
    api = resources["ApiLambdaFunction"]["Properties"]
    assert api["ReservedConcurrentExecutions"] == {
        "Fn::If": [
            "HasReservedConcurrency",
            {"Ref": "ReservedConcurrency"},
            {"Ref": "AWS::NoValue"},
        ]
    }
    assert int(template["Parameters"]["ReservedConcurrency"]["Default"]) == 0
    assert template["Conditions"]["HasReservedConcurrency"] == {
        "Fn::Not": [{"Fn::Equals": [{"Ref": "ReservedConcurrency"}, 0]}]
    }
    assert resources["ApiConcurrencyAlarm"]["Condition"] == "HasReservedConcurrency"
    assert api["LoggingConfig"]["LogFormat"] == "JSON"
    # INFO: Lambda's START/END/REPORT lines (duration, memory, restore) are kept.
    assert api["LoggingConfig"]["SystemLogLevel"] == "INFO"
    assert api["Environment"]["Variables"]["METRICS_NAMESPACE"].startswith("Track/")


def _namespace(value: Any) -> str:
    """A namespace, or a `!Sub` one's template text."""
    return value if isinstance(value, str) else str(value["Fn::Sub"])


def _alarm_metrics(alarm: dict[str, Any]) -> set[tuple[str, str]]:
    props = alarm["Properties"]
    if "MetricName" in props:
        return {(_namespace(props["Namespace"]), props["MetricName"])}
    return {
        (
            _namespace(m["MetricStat"]["Metric"]["Namespace"]),
            m["MetricStat"]["Metric"]["MetricName"],
        )
        for m in props["Metrics"]
        if "MetricStat" in m
    }


def test_alarms_watch_errors_throttles_duration_concurrency_and_the_database(
    resources: dict[str, Any],
) -> None:
    alarms = _of_type(resources, "AWS::CloudWatch::Alarm")
    watched = set().union(*(_alarm_metrics(a) for a in alarms.values()))
    assert {
        ("AWS/ApiGateway", "5xx"),
        ("AWS/ApiGateway", "Count"),
        ("AWS/Lambda", "Errors"),
        ("AWS/Lambda", "Throttles"),
        ("AWS/Lambda", "Duration"),
        ("AWS/Lambda", "ConcurrentExecutions"),
    } <= watched
    assert ("Track/${AWS::StackName}", "DatabaseUnavailable") in watched
    # The alarm topic; the mail feedback topic (with mail on) carries SES's events, no alarms.
    topics = {
        name for name, t in _of_type(resources, "AWS::SNS::Topic").items() if "Condition" not in t
    }
    assert len(topics) == 1
    for name, alarm in alarms.items():
        assert alarm["Properties"]["AlarmActions"] == [{"Ref": topic} for topic in topics], name
        assert alarm["Properties"]["AlarmDescription"], name

    duration = next(a for a in alarms.values() if _alarm_metrics(a) == {("AWS/Lambda", "Duration")})
    timeout_ms = resources["ApiLambdaFunction"]["Properties"]["Timeout"] * 1000
    assert duration["Properties"]["ExtendedStatistic"] == "p95"
    assert 0.5 * timeout_ms <= duration["Properties"]["Threshold"] < timeout_ms

    [metric_filter] = [
        f for f in _of_type(resources, "AWS::Logs::MetricFilter").values() if "Condition" not in f
    ]
    assert metric_filter["Properties"]["LogGroupName"] == {"Ref": "ApiLogGroup"}
    # The filter matches the line jobtrack.platform.errors logs for a database outage.
    errors_source = (ROOT / "backend/jobtrack/platform/errors.py").read_text()
    term = metric_filter["Properties"]["FilterPattern"].strip('"')
    assert re.search(rf'"{term}:', errors_source), term


def test_a_dashboard_a_budget_and_alarm_mail_are_parameters(resources: dict[str, Any]) -> None:
    template = json.loads(TEMPLATE.read_text())
    assert {"AlarmEmail", "MonthlyBudgetUsd"} <= set(template["Parameters"])
    [dashboard] = _of_type(resources, "AWS::CloudWatch::Dashboard").values()
    body = dashboard["Properties"]["DashboardBody"]["Fn::Sub"][0]
    assert len(json.loads(body.replace("$default", "x"))["widgets"]) >= 4
    [budget] = _of_type(resources, "AWS::Budgets::Budget").values()
    assert budget["Condition"] == "HasBudget"
    assert budget["Properties"]["Budget"]["BudgetLimit"]["Amount"] == {"Ref": "MonthlyBudgetUsd"}
    [subscription] = [
        s
        for s in _of_type(resources, "AWS::SNS::Subscription").values()
        if s["Condition"] != "SendsDigest"  # the digest's feedback (infra/mail.yml)
    ]
    assert subscription["Condition"] == "HasAlarmEmail"


def test_stateful_resources_survive_a_stack_removal(resources: dict[str, Any]) -> None:
    for name in ("ResumeBucket", "UserPool"):
        assert resources[name]["DeletionPolicy"] == "Retain", name
        assert resources[name]["UpdateReplacePolicy"] == "Retain", name
    assert resources["UserPool"]["Properties"]["DeletionProtection"] == "ACTIVE"
    # A standalone instance keeps its data; an Aurora instance's data is its cluster's, which
    # keeps a final snapshot and refuses deletion on prod (tests/package/test_stack_template.py).
    for name, resource in _of_type(resources, "AWS::RDS::DBInstance").items():
        if "DBClusterIdentifier" in resource["Properties"]:
            continue
        assert resource["DeletionPolicy"] in {"Retain", "Snapshot"}, name
        assert resource["Properties"]["DeletionProtection"] is True, name


def test_the_page_is_served_under_the_same_content_security_policy_as_make_dev(
    resources: dict[str, Any],
) -> None:
    from jobtrack.platform.http.page import content_security_policy

    distribution = resources["PageDistribution"]["Properties"]["DistributionConfig"]
    policy_ref = distribution["DefaultCacheBehavior"]["ResponseHeadersPolicyId"]
    assert policy_ref == {"Ref": "PageSecurityHeaders"}
    config = resources["PageSecurityHeaders"]["Properties"]["ResponseHeadersPolicyConfig"]
    headers = config["SecurityHeadersConfig"]
    template = headers["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"]
    aws_sources = [
        "https://${UserPoolDomain}.auth.${AWS::Region}.amazoncognito.com",
        "https://cognito-idp.${AWS::Region}.amazonaws.com",
        "https://${AWS::StackName}-resumes-${AWS::AccountId}-${AWS::Region}"
        ".s3.${AWS::Region}.amazonaws.com",
    ]
    # Every directive equal to the dev server's; connect-src adds only what the page calls,
    # each by its exact host (no wildcard), and the resume bucket is that very bucket.
    assert template == content_security_policy(aws_sources)
    assert "*" not in template.split("connect-src", 1)[1].split(";", 1)[0]
    bucket = resources["ResumeBucket"]["Properties"]["BucketName"]
    assert bucket == {"Fn::Sub": "${AWS::StackName}-resumes-${AWS::AccountId}-${AWS::Region}"}
    assert headers["FrameOptions"]["FrameOption"] == "DENY"
    assert headers["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000


def test_the_api_is_served_on_the_pages_own_origin_uncached_with_every_header(
    template: dict[str, Any], resources: dict[str, Any]
) -> None:
    distribution = resources["PageDistribution"]["Properties"]["DistributionConfig"]
    origins = {origin["Id"]: origin for origin in distribution["Origins"]}
    assert origins["api"]["DomainName"] == {
        "Fn::Sub": "${HttpApi}.execute-api.${AWS::Region}.amazonaws.com"
    }
    assert origins["api"]["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    [behaviour] = distribution["CacheBehaviors"]
    assert behaviour["PathPattern"] == "/api/*"
    assert behaviour["TargetOriginId"] == "api"
    assert set(behaviour["AllowedMethods"]) >= {"GET", "POST", "PUT", "PATCH", "DELETE"}
    assert behaviour["CachePolicyId"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # disabled
    # AllViewerExceptHostHeader: Authorization and Idempotency-Key reach the gateway.
    assert behaviour["OriginRequestPolicyId"] == "b689b0a8-53d0-40ab-baf2-68738e2966ac"
    assert "FunctionAssociations" not in behaviour  # index.html rewriting is the page's only
    # Same origin: the gateway needs no CORS, so the page's address is not in the API.
    assert "CorsConfiguration" not in resources["HttpApi"]["Properties"]
    page_config, _ = template["Outputs"]["PageConfig"]["Value"]["Fn::Sub"]
    assert json.loads(page_config)["apiUrl"] == ""


def test_a_page_domain_gets_tls_1_2_and_becomes_the_origin_everything_names(
    template: dict[str, Any], resources: dict[str, Any]
) -> None:
    distribution = resources["PageDistribution"]["Properties"]["DistributionConfig"]
    condition, custom, default = distribution["ViewerCertificate"]["Fn::If"]
    assert condition == "HasPageDomain"
    assert custom["MinimumProtocolVersion"] == "TLSv1.2_2021"
    assert custom["SslSupportMethod"] == "sni-only"
    assert default == {"CloudFrontDefaultCertificate": True}
    assert distribution["Aliases"]["Fn::If"][0] == "HasPageDomain"
    # Cognito's callbacks, the bucket's CORS and the page's config all name one origin.
    origin = template["Outputs"]["PageUrl"]["Value"]
    assert origin["Fn::If"][0] == "HasPageDomain"
    client = resources["UserPoolClient"]["Properties"]
    assert origin in client["CallbackURLs"]
    [rule] = resources["ResumeBucket"]["Properties"]["CorsConfiguration"]["CorsRules"]
    assert rule["AllowedOrigins"] == [origin]
    _, variables = template["Outputs"]["PageConfig"]["Value"]["Fn::Sub"]
    assert variables["PageOrigin"] == origin


def test_the_api_is_traced_by_x_ray(resources: dict[str, Any]) -> None:
    functions = _of_type(resources, "AWS::Lambda::Function")
    api = functions.pop("ApiLambdaFunction")
    assert api["Properties"]["TracingConfig"] == {"Mode": "Active"}
    # Migrate and cleanup are not: their roles hold no X-Ray rights (least privilege), and
    # their logs say what they did.
    assert functions
    for name, function in functions.items():
        assert "TracingConfig" not in function["Properties"], name


def test_the_resume_bucket_keeps_old_versions_for_a_week_only(resources: dict[str, Any]) -> None:
    bucket = resources["ResumeBucket"]["Properties"]
    assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
    rules = {rule["Id"]: rule for rule in bucket["LifecycleConfiguration"]["Rules"]}
    erase = rules["erase-old-versions-after-a-week"]
    assert erase["Status"] == "Enabled"
    assert erase["NoncurrentVersionExpiration"] == {"NoncurrentDays": 7}
    assert erase["ExpiredObjectDeleteMarker"] is True
    assert "Prefix" not in erase  # every prefix


def test_unconfirmed_uploads_of_resumes_and_documents_expire_with_their_versions(
    resources: dict[str, Any],
) -> None:
    bucket = resources["ResumeBucket"]["Properties"]
    rules = {rule["Id"]: rule for rule in bucket["LifecycleConfiguration"]["Rules"]}
    pending = rules["expire-unconfirmed-uploads"]
    # pending/ holds both: resumes' pending/<owner>/... and the library's pending/documents/.
    assert (pending["Status"], pending["Prefix"]) == ("Enabled", "pending/")
    assert pending["ExpirationInDays"] == 1
    assert pending["NoncurrentVersionExpiration"] == {"NoncurrentDays": 1}
