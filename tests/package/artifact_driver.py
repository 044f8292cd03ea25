"""Runs inside the unpacked Lambda artifact under the runtime's Python (3.12, `-I`).

Standard library only: it puts the artifact on sys.path the way Lambda does (the task root
plus the function's PYTHONPATH), imports each handler by its configured name, invokes them
with the given events and prints one JSON document. Usage: python -I driver.py SPEC.json
"""

import importlib
import importlib.machinery
import json
import os
import sys
import time
import types
from collections.abc import Callable

Hooks = dict[str, list[Callable[[], object]]]


class Context:
    function_name = "track-artifact-test"
    function_version = "1"
    memory_limit_in_mb = 1024
    aws_request_id = "artifact-test"
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:track-artifact-test"

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        return 20_000


def module_origins(root: str, top_levels: set[str]) -> list[str]:
    """Modules whose top-level name the artifact provides but which were loaded elsewhere."""
    strays = []
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if not path or name.split(".")[0] not in top_levels:
            continue
        if not os.path.realpath(path).startswith(root + os.sep):
            strays.append(f"{name}: {path}")
    return sorted(strays)


def stub_snapshot_restore() -> Hooks:
    """Stand in for the Lambda runtime's snapshot_restore_py, recording the hooks."""
    hooks: Hooks = {"before": [], "after": []}
    stub = types.ModuleType("snapshot_restore_py")
    stub.__spec__ = importlib.machinery.ModuleSpec("snapshot_restore_py", None)
    vars(stub).update(
        register_before_snapshot=hooks["before"].append,
        register_after_restore=hooks["after"].append,
    )
    sys.modules["snapshot_restore_py"] = stub
    return hooks


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        spec = json.load(handle)
    root = os.path.realpath(spec["root"])
    for entry in reversed(spec["sys_path"]):
        sys.path.insert(0, entry)

    hooks: Hooks = stub_snapshot_restore() if spec.get("snapstart") else {"before": [], "after": []}
    started = time.perf_counter()
    handlers = {}
    for function, reference in spec["handlers"].items():
        module_name, attribute = reference.rsplit(".", 1)
        module = importlib.import_module(module_name.replace("/", "."))
        handlers[function] = getattr(module, attribute)
    import_seconds = time.perf_counter() - started

    for hook in hooks["before"]:  # what Lambda runs before it takes the snapshot
        hook()

    results = []
    for call in spec["calls"]:
        if call["function"] == "restore":  # as if this environment were restored from it
            for hook in hooks["after"]:
                hook()
            results.append({"restored": len(hooks["after"])})
            continue
        results.append(handlers[call["function"]](call["event"], Context()))

    json.dump(
        {
            "python": list(sys.version_info[:3]),
            "flags": {
                "isolated": sys.flags.isolated,
                "ignore_environment": sys.flags.ignore_environment,
            },
            "import_seconds": import_seconds,
            "hooks": {name: len(registered) for name, registered in hooks.items()},
            "jobtrack_file": sys.modules["jobtrack"].__file__,
            "strays": module_origins(root, set(spec["top_levels"])),
            "results": results,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
