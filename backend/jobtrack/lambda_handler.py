"""The Lambda entry point. Built once per container; `lifespan="off"` because Mangum's
default would run startup and shutdown on every invocation."""

from importlib.util import find_spec

from mangum import Mangum

from jobtrack.main import create_app

if find_spec("snapshot_restore_py") is not None:  # only on the Lambda runtime
    from jobtrack import snapstart  # noqa: F401  (registers the SnapStart after-restore hook)

app = create_app()
handler = Mangum(app, lifespan="off")
