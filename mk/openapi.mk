# The API's OpenAPI document, committed as openapi.json (production serves none). The page's
# API types are generated from it. `make openapi` rewrites it; `make test` fails while it is
# stale or while either validator finds anything in it (openapi-validate).

OPENAPI := $(BIN)/python scripts/generate_openapi.py
OPENAPI_TOOLS := tools/openapi
OPENAPI_TOOLS_STAMP := $(OPENAPI_TOOLS)/node_modules/.installed

TEST_TARGETS += openapi-check

.PHONY: openapi openapi-check openapi-validate openapi-lint-deps

openapi: venv ## rewrite openapi.json from the app's routes and models
	$(OPENAPI)

openapi-check: venv ## fail if the committed openapi.json is stale or invalid (openapi-validate)
	$(OPENAPI) --check
	$(MAKE) --no-print-directory openapi-validate

openapi-lint-deps: $(OPENAPI_TOOLS_STAMP) ## install Spectral (pinned) into tools/openapi/

$(OPENAPI_TOOLS_STAMP): $(OPENAPI_TOOLS)/package.json $(OPENAPI_TOOLS)/package-lock.json
	npm ci --prefix $(OPENAPI_TOOLS) --no-audit --no-fund --loglevel=error
	touch $@

# openapi-spec-validator (OpenAPI 3.1 schema) and Spectral (.spectral.yaml): 0 errors, 0 warnings.
openapi-validate: venv openapi-lint-deps ## validate openapi.json with openapi-spec-validator and Spectral
	$(BIN)/python scripts/validate_openapi.py

# The unit tests run both validators on broken copies of the document.
test-python: openapi-lint-deps
