"""The Lambda entry point. Built once per container; `lifespan="off"` because Mangum's
default would run startup and shutdown on every invocation."""

from importlib.util import find_spec
from typing import Any

from mangum import Mangum

from jobtrack.main import create_app
from jobtrack.platform.blocking import one_request_at_a_time
from jobtrack.platform.db.connect import require_verified_tls

if find_spec("snapshot_restore_py") is not None:  # only on the Lambda runtime
    # Registers the SnapStart before-snapshot and after-restore hooks.
    from jobtrack.platform.aws import snapstart  # noqa: F401

app = create_app()
# Cognito mode and a database across a network without verify-full: stop here, at init (a
# SnapStart version is never published), not at the first request.
require_verified_tls(app.state.settings)
_adapter = Mangum(app, lifespan="off")


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    # One invocation at a time per container: database work runs inline, no thread hops.
    with one_request_at_a_time():
        return _adapter(event, context)
