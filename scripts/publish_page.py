"""Put the built Track page on its CloudFront origin, or empty that origin before a teardown.

    publish_page.py publish --stack track-prod [--region eu-west-1] [--dist frontend/dist]
    publish_page.py empty   --stack track-prod [--region eu-west-1]

`publish` uploads frontend/dist to the stack's page bucket (hashed assets cached for a year,
everything else revalidated), writes /config.json from the stack's PageConfig output (API
URL, Cognito domain, client id, redirect URI) and invalidates the distribution. `empty`
deletes every object in the page bucket so CloudFormation can delete it. `make deploy` and
`make remove` run these with the operator's AWS credentials.
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import time
from pathlib import Path
from typing import Any

DEFAULT_REGION = "us-east-1"  # serverless.yml's default region
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".webmanifest": "application/manifest+json",
}


def stack_outputs(cloudformation: Any, stack: str) -> dict[str, str]:
    """The stack's outputs by key."""
    described = cloudformation.describe_stacks(StackName=stack)["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}


def content_type(path: Path) -> str:
    return (
        CONTENT_TYPES.get(path.suffix)
        or mimetypes.guess_type(path.name)[0]
        or ("application/octet-stream")
    )


def cache_control(key: str) -> str:
    """Vite puts content-hashed files under assets/: they never change under one name."""
    return IMMUTABLE if key.startswith("assets/") else REVALIDATE


def publish(*, s3: Any, cloudfront: Any, outputs: dict[str, str], dist: Path) -> list[str]:
    """Upload the page and its config.json; invalidate the distribution. The keys written."""
    if not (dist / "index.html").is_file():
        raise SystemExit(f"{dist}/index.html is missing: build the page first")
    config = json.loads(outputs["PageConfig"])  # refuse to publish a malformed config
    bucket = outputs["PageBucketName"]
    # Assets first, index.html last: a visitor never gets an index naming missing assets.
    files = sorted(
        (p for p in dist.rglob("*") if p.is_file()), key=lambda p: (p.name == "index.html", p)
    )
    written: list[str] = []
    for path in files:
        key = path.relative_to(dist).as_posix()
        if key == "config.json":
            continue  # the stack's config below is the deployed one
        s3.upload_file(
            str(path),
            bucket,
            key,
            ExtraArgs={"ContentType": content_type(path), "CacheControl": cache_control(key)},
        )
        written.append(key)
    s3.put_object(
        Bucket=bucket,
        Key="config.json",
        Body=json.dumps(config, indent=2).encode(),
        ContentType="application/json",
        CacheControl=REVALIDATE,
    )
    written.append("config.json")
    cloudfront.create_invalidation(
        DistributionId=outputs["PageDistributionId"],
        InvalidationBatch={
            "Paths": {"Quantity": 1, "Items": ["/*"]},
            "CallerReference": f"publish-{time.time_ns()}",
        },
    )
    return written


def empty(*, s3: Any, bucket: str) -> int:
    """Delete every object in the bucket; the number deleted."""
    deleted = 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        keys = [{"Key": o["Key"]} for o in page.get("Contents", [])]
        if keys:
            s3.delete_objects(Bucket=bucket, Delete={"Objects": keys, "Quiet": True})
            deleted += len(keys)
    return deleted


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["publish", "empty"])
    parser.add_argument("--stack", required=True, help="CloudFormation stack, e.g. track-prod")
    parser.add_argument("--region", default=DEFAULT_REGION)
    parser.add_argument("--dist", type=Path, default=Path("frontend/dist"))
    args = parser.parse_args(argv)

    import boto3
    from botocore.exceptions import ClientError

    session = boto3.session.Session(region_name=args.region)
    try:
        outputs = stack_outputs(session.client("cloudformation"), args.stack)
    except ClientError as exc:
        if args.action == "empty" and "does not exist" in str(exc):
            print(f"no stack {args.stack} in {args.region}: nothing to empty")
            return
        raise
    s3 = session.client("s3")
    if args.action == "publish":
        cloudfront = session.client("cloudfront")
        written = publish(s3=s3, cloudfront=cloudfront, outputs=outputs, dist=args.dist)
        print(f"published {len(written)} files; the page: {outputs.get('PageUrl', '?')}")
    else:
        count = empty(s3=s3, bucket=outputs["PageBucketName"])
        print(f"emptied {outputs['PageBucketName']}: {count} objects deleted")


if __name__ == "__main__":
    main()
