"""Re-attach a retained user pool and resume bucket to a stage's stack (CloudFormation import).

    make package STAGE=prod
    make reattach STAGE=prod REGION=eu-west-1 POOL_ID=eu-west-1_AbCdEf123 BUCKET=track-prod-resumes-123456789012-eu-west-1

`make remove` keeps the user pool and the resume bucket (`DeletionPolicy: Retain`: they hold
users' accounts and files). A later `make deploy` of the same stage cannot take them back by
itself: it would make a second, empty pool, and stop at the bucket, whose fixed name is taken.
CloudFormation's resource import can: this script reads the compiled template
(`.serverless-<stage>/cloudformation-template-update-stack.json`, or `.serverless/` for dev)
and writes, into `<package dir>/reattach/`:

- `import-template.json`: osls's core stack (`cloudformation-template-create-stack.json`: the
  deployment bucket osls needs to find in the stack) plus the two retained resources, with the
  properties that do not refer to resources the import cannot have yet (the page's
  distribution, in the bucket's CORS rule); parameters are resolved to the stage's values.
  The next `make deploy` puts the full definitions back;
- `resources-to-import.json`: the `--resources-to-import` list (logical id, type, identifier);

and prints the commands to run, in order. It refuses, saying why, when a retained resource's
logical id or type is not in the template, when the template does not keep it
(`DeletionPolicy: Retain`, which an import requires), when an identifier is malformed or is
not the name the template gives the resource, or when a property that forces a replacement
cannot be carried into the import template. Offline: it never calls AWS.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
UPDATE_TEMPLATE = "cloudformation-template-update-stack.json"
CREATE_TEMPLATE = "cloudformation-template-create-stack.json"
CHANGE_SET = "reattach"


@dataclass(frozen=True)
class Retained:
    """A resource `make remove` keeps and an import can take back."""

    logical_id: str
    type: str
    identifier: str  # the import identifier's property (CloudFormation's primaryIdentifier)
    pattern: str  # what an identifier looks like
    # Properties whose change replaces the resource: the import template must carry them as
    # the full template has them, or the next deploy would replace what was just imported.
    replacing: tuple[str, ...]


RETAINED = (
    Retained(
        "UserPool",
        "AWS::Cognito::UserPool",
        "UserPoolId",
        r"[a-z]{2}(?:-[a-z]+)+-\d_[0-9A-Za-z]+",
        ("UsernameAttributes", "AliasAttributes", "Schema"),
    ),
    Retained(
        "ResumeBucket",
        "AWS::S3::Bucket",
        "BucketName",
        r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]",
        ("BucketName", "ObjectLockEnabled"),
    ),
)
PSEUDO = {"AWS::StackName", "AWS::AccountId", "AWS::Region", "AWS::Partition", "AWS::URLSuffix"}
# osls keeps each published version when the next replaces it; they go with their function.
OSLS_RETAINS = {"AWS::Lambda::Version", "AWS::Lambda::LayerVersion"}
SUB_NAME = re.compile(r"\$\{([^}!][^}]*)\}")


class Refused(Exception):
    """The template (or an identifier) does not allow the import; the message says why."""


def package_dir(stage: str, root: Path = ROOT) -> Path:
    return root / (".serverless" if stage == "dev" else f".serverless-{stage}")


class _Unresolvable(Exception):
    """A value names something the import template cannot have."""


class _Resolver:
    """Resolves parameters (to their compiled defaults) and conditions in a template's values."""

    def __init__(self, template: dict[str, Any]) -> None:
        self.parameters = {
            name: p.get("Default") for name, p in template.get("Parameters", {}).items()
        }
        self.conditions = template.get("Conditions", {})

    def condition(self, name: str) -> bool:
        if name not in self.conditions:
            raise _Unresolvable(f"condition {name}")
        return bool(self._truth(self.conditions[name]))

    def _truth(self, node: Any) -> bool:
        if isinstance(node, dict) and len(node) == 1:
            ((fn, args),) = node.items()
            if fn == "Fn::Equals":
                return bool(self.value(args[0]) == self.value(args[1]))
            if fn == "Fn::Not":
                return not self._truth(args[0])
            if fn == "Fn::And":
                return all(self._truth(a) for a in args)
            if fn == "Fn::Or":
                return any(self._truth(a) for a in args)
            if fn == "Condition":
                return self.condition(args)
        raise _Unresolvable(f"condition {json.dumps(node)}")

    def value(self, node: Any) -> Any:
        if isinstance(node, list):
            return [self.value(v) for v in node]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            ((fn, args),) = node.items()
            if fn == "Ref":
                if args in PSEUDO:
                    return node
                if args in self.parameters and self.parameters[args] is not None:
                    return self.parameters[args]
                raise _Unresolvable(f"Ref {args}")
            if fn == "Fn::If":
                name, when_true, when_false = args
                return self.value(when_true if self.condition(name) else when_false)
            if fn == "Fn::Sub":
                return self._sub(args)
            if fn == "Fn::GetAtt":
                raise _Unresolvable(f"GetAtt {args}")
            if fn.startswith("Fn::"):
                return {fn: self.value(args)}
        return {k: self.value(v) for k, v in node.items()}

    def _sub(self, args: Any) -> Any:
        text, variables = (args, {}) if isinstance(args, str) else (args[0], args[1])
        variables = {k: self.value(v) for k, v in variables.items()}

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in PSEUDO:
                return match.group(0)
            if name in variables and isinstance(variables[name], str):
                return str(variables[name])
            if name in self.parameters and isinstance(self.parameters[name], str):
                return str(self.parameters[name])
            raise _Unresolvable(f"${{{name}}}")

        resolved = SUB_NAME.sub(replace, text)
        return {"Fn::Sub": resolved} if SUB_NAME.search(resolved) else resolved


def _name_pattern(value: Any, stack: str, region: str) -> re.Pattern[str] | None:
    """The resolved name as a regular expression (the account id unknown offline)."""
    text = value.get("Fn::Sub") if isinstance(value, dict) else value
    if not isinstance(text, str):
        return None
    parts = {
        "AWS::StackName": re.escape(stack),
        "AWS::Region": re.escape(region),
        "AWS::AccountId": r"\d{12}",
    }
    pattern = ""
    for piece in re.split(r"(\$\{[^}]+\})", text):
        name = piece[2:-1] if piece.startswith("${") else None
        pattern += parts.get(name, ".+") if name else re.escape(piece)
    return re.compile(pattern)


def plan(
    *,
    stage: str,
    region: str,
    identifiers: dict[str, str],
    template: dict[str, Any],
    core: dict[str, Any],
) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    """The import template, the resources to import, and what was left out of the import
    template for the next deploy to put back. Raises Refused."""
    stack = f"track-{stage}"
    resources = template.get("Resources", {})
    resolver = _Resolver(template)
    imported: dict[str, Any] = {}
    to_import: list[dict[str, Any]] = []
    left_out: list[str] = []
    kept = sorted(
        n
        for n, r in resources.items()
        if r.get("DeletionPolicy") == "Retain" and r.get("Type") not in OSLS_RETAINS
    )
    unknown = sorted(set(kept) - {r.logical_id for r in RETAINED})
    if unknown:
        raise Refused(
            f"the template retains {', '.join(unknown)}, which this script does not re-attach: "
            "add it to RETAINED in scripts/reattach.py (its type and identifier property)"
        )
    for want in RETAINED:
        resource = resources.get(want.logical_id)
        if resource is None:
            raise Refused(
                f"{want.logical_id} is not in the compiled template: nothing to import into"
            )
        if resource.get("Type") != want.type:
            raise Refused(
                f"{want.logical_id} is a {resource.get('Type')} in the template, not a {want.type}"
            )
        if resource.get("DeletionPolicy") != "Retain":
            raise Refused(
                f"{want.logical_id} has DeletionPolicy {resource.get('DeletionPolicy', '(none)')}: "
                "an import needs DeletionPolicy: Retain (and a stack that keeps it on removal)"
            )
        identifier = identifiers[want.logical_id]
        if not re.fullmatch(want.pattern, identifier):
            raise Refused(f"{identifier!r} is not a {want.identifier}")
        if want.logical_id == "UserPool" and not identifier.startswith(f"{region}_"):
            raise Refused(f"user pool {identifier} is not in {region}: pass that region")
        properties: dict[str, Any] = {}
        for name, value in resource.get("Properties", {}).items():
            try:
                properties[name] = resolver.value(value)
            except _Unresolvable as why:
                if name in want.replacing:
                    raise Refused(
                        f"{want.logical_id}.{name} forces a replacement and names {why}, which "
                        "the import template cannot have"
                    ) from None
                left_out.append(f"{want.logical_id}.{name} (names {why})")
        named = properties.get(want.identifier)
        if named is not None:
            pattern = _name_pattern(named, stack, region)
            if pattern is None or not pattern.fullmatch(identifier):
                raise Refused(
                    f"{identifier} is not the {want.identifier} the template gives stack {stack} "
                    f"in {region} ({json.dumps(named)}): wrong stage, region or bucket"
                )
        imported[want.logical_id] = {
            "Type": want.type,
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": resource.get("UpdateReplacePolicy", "Retain"),
            "Properties": properties,
        }
        to_import.append(
            {
                "ResourceType": want.type,
                "LogicalResourceId": want.logical_id,
                "ResourceIdentifier": {want.identifier: identifier},
            }
        )
    core_resources = core.get("Resources", {})
    clash = sorted(set(core_resources) & set(imported))
    if clash or "ServerlessDeploymentBucket" not in core_resources:
        raise Refused("the core template is not osls's (ServerlessDeploymentBucket missing)")
    import_template = dict(core)
    import_template["Resources"] = {**core_resources, **imported}
    return import_template, to_import, left_out


def commands(*, stage: str, region: str, out: Path, package: Path) -> list[str]:
    stack = f"track-{stage}"
    rel_out = _relative(out)
    rel_core = _relative(package / CREATE_TEMPLATE)
    change_set = f"--stack-name {stack} --change-set-name {CHANGE_SET} --region {region}"
    return [
        "# 1. the stack osls would create first (its deployment bucket), if it does not exist:",
        f"aws cloudformation create-stack --stack-name {stack} "
        f"--template-body file://{rel_core} --region {region}",
        f"aws cloudformation wait stack-create-complete --stack-name {stack} --region {region}",
        "# 2. import the retained pool and bucket into it:",
        f"aws cloudformation create-change-set {change_set} --change-set-type IMPORT "
        f"--resources-to-import file://{rel_out}/resources-to-import.json "
        f"--template-body file://{rel_out}/import-template.json",
        f"aws cloudformation wait change-set-create-complete {change_set}",
        f"aws cloudformation describe-change-set {change_set} "
        "--query 'Changes[].ResourceChange.[Action,LogicalResourceId,PhysicalResourceId]'",
        f"aws cloudformation execute-change-set {change_set}",
        f"aws cloudformation wait stack-import-complete --stack-name {stack} --region {region}",
        "# 3. everything else, and the pool's and bucket's full definitions:",
        f"make deploy STAGE={stage} REGION={region}",
    ]


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stage", required=True)
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--pool-id", required=True, help="the retained user pool's id")
    parser.add_argument("--bucket", required=True, help="the retained resume bucket's name")
    parser.add_argument("--package-dir", type=Path, help="default: make package's for the stage")
    args = parser.parse_args(argv)
    package = args.package_dir or package_dir(args.stage)
    paths = [package / UPDATE_TEMPLATE, package / CREATE_TEMPLATE]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        print(f"refused: no {missing[0]}: run `make package STAGE={args.stage}` first")
        return 2
    try:
        template, to_import, left_out = plan(
            stage=args.stage,
            region=args.region,
            identifiers={"UserPool": args.pool_id, "ResumeBucket": args.bucket},
            template=json.loads(paths[0].read_text()),
            core=json.loads(paths[1].read_text()),
        )
    except Refused as why:
        print(f"refused: {why}")
        return 1
    out = package / "reattach"
    out.mkdir(exist_ok=True)
    (out / "import-template.json").write_text(json.dumps(template, indent=2) + "\n")
    (out / "resources-to-import.json").write_text(json.dumps(to_import, indent=2) + "\n")
    print(f"wrote {_relative(out)}/import-template.json and resources-to-import.json")
    for line in left_out:
        print(f"left for the next deploy to set: {line}")
    print(
        "re-created by that deploy (not retained): the app client (a new client id: users "
        "sign in again), the Hosted UI domain, the bucket's TLS-only policy"
    )
    print("\n".join(commands(stage=args.stage, region=args.region, out=out, package=package)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
