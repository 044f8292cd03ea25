"""scripts/publish_page.py against moto's S3 (CloudFront and CloudFormation as recorders)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import publish_page

BUCKET = "track-page-test"
CONFIG = {
    "apiUrl": "https://abc.execute-api.us-east-1.amazonaws.com",
    "authMode": "cognito",
    "cognitoDomain": "https://track-test-123.auth.us-east-1.amazoncognito.com",
    "clientId": "client123",
    "redirectUri": "https://d111.cloudfront.net/",
}
OUTPUTS = {
    "PageBucketName": BUCKET,
    "PageDistributionId": "E123",
    "PageConfig": json.dumps(CONFIG),
    "PageUrl": "https://d111.cloudfront.net",
}


class Recorder:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def create_invalidation(self, **kwargs: Any) -> None:
        self.calls.append(kwargs)


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><script src=/assets/app-1a2b.js>")
    (tmp_path / "assets" / "app-1a2b.js").write_text("console.log('track')")
    (tmp_path / "assets" / "app-1a2b.css").write_text("body{}")
    (tmp_path / "config.json").write_text('{"authMode": "dev"}')  # a dev leftover
    return tmp_path


def test_publish_uploads_the_page_its_config_and_invalidates(s3: Any, dist: Path) -> None:
    cloudfront = Recorder()
    written = publish_page.publish(s3=s3, cloudfront=cloudfront, outputs=OUTPUTS, dist=dist)
    assert written[-2:] == ["index.html", "config.json"], "index.html after its assets"

    index = s3.get_object(Bucket=BUCKET, Key="index.html")
    assert index["ContentType"] == "text/html; charset=utf-8"
    assert index["CacheControl"] == "no-cache"
    asset = s3.get_object(Bucket=BUCKET, Key="assets/app-1a2b.js")
    assert asset["ContentType"] == "text/javascript; charset=utf-8"
    assert "immutable" in asset["CacheControl"]

    config = s3.get_object(Bucket=BUCKET, Key="config.json")
    assert json.loads(config["Body"].read()) == CONFIG
    assert config["CacheControl"] == "no-cache"

    (invalidation,) = cloudfront.calls
    assert invalidation["DistributionId"] == "E123"
    assert invalidation["InvalidationBatch"]["Paths"]["Items"] == ["/*"]


def test_publish_refuses_an_unbuilt_page_or_a_broken_config(s3: Any, tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="build the page first"):
        publish_page.publish(s3=s3, cloudfront=Recorder(), outputs=OUTPUTS, dist=tmp_path)
    (tmp_path / "index.html").write_text("<!doctype html>")
    with pytest.raises(json.JSONDecodeError):
        publish_page.publish(
            s3=s3, cloudfront=Recorder(), outputs={**OUTPUTS, "PageConfig": "{"}, dist=tmp_path
        )


def test_empty_deletes_every_object(s3: Any) -> None:
    for n in range(1005):  # more than one delete_objects batch
        s3.put_object(Bucket=BUCKET, Key=f"assets/{n}.js", Body=b"x")
    assert publish_page.empty(s3=s3, bucket=BUCKET) == 1005
    assert s3.list_objects_v2(Bucket=BUCKET)["KeyCount"] == 0


def test_outputs_come_from_the_stack() -> None:
    class CloudFormation:
        def describe_stacks(self, StackName: str) -> dict[str, Any]:
            assert StackName == "track-prod"
            outputs = [{"OutputKey": k, "OutputValue": v} for k, v in OUTPUTS.items()]
            return {"Stacks": [{"Outputs": outputs}]}

    assert publish_page.stack_outputs(CloudFormation(), "track-prod") == OUTPUTS


def test_the_stack_template_declares_every_output_publish_reads() -> None:
    outputs = (ROOT / "infra" / "outputs.yml").read_text()
    for key in ("PageBucketName", "PageDistributionId", "PageConfig", "PageUrl"):
        assert f"\n  {key}:" in outputs
