"""The Lambda entry point. Built once per container; `lifespan="off"` because Mangum's
default would run startup and shutdown on every invocation."""

from mangum import Mangum

from jobtrack.main import create_app

app = create_app()
handler = Mangum(app, lifespan="off")
