# The API's OpenAPI document, committed as openapi.json (production serves none). The page's
# API types are generated from it. `make openapi` rewrites it; `make test` fails while it is stale.

OPENAPI := $(BIN)/python scripts/generate_openapi.py

TEST_TARGETS += openapi-check

.PHONY: openapi openapi-check

openapi: venv ## rewrite openapi.json from the app's routes and models
	$(OPENAPI)

openapi-check: venv ## fail if the committed openapi.json differs from what the code produces
	$(OPENAPI) --check
