# The API's OpenAPI document, committed as openapi.json (production serves none); `make
# generate` writes it and `make generate-check` checks it is current (mk/generate.mk). This is
# where the document itself is validated: generate-check runs openapi-validate after its
# freshness checks, so every validator added here runs in `make test` and pre-commit.

OPENAPI_TOOLS := tools/openapi
OPENAPI_TOOLS_STAMP := $(OPENAPI_TOOLS)/node_modules/.installed

.PHONY: openapi-validate openapi-lint-deps

openapi-lint-deps: $(OPENAPI_TOOLS_STAMP) ## install Spectral (pinned) into tools/openapi/

$(OPENAPI_TOOLS_STAMP): $(OPENAPI_TOOLS)/package.json $(OPENAPI_TOOLS)/package-lock.json
	npm ci --prefix $(OPENAPI_TOOLS) --no-audit --no-fund --loglevel=error
	touch $@

# openapi-spec-validator (the OpenAPI 3.1 schema) and Spectral (.spectral.yaml, spectral:oas with
# every rule): 0 errors and 0 warnings, or the target fails with both tools' findings.
openapi-validate: venv openapi-lint-deps ## validate openapi.json with openapi-spec-validator and Spectral
	$(BIN)/python scripts/validate_openapi.py

# The unit tests run both validators on broken copies of the document.
test-python: openapi-lint-deps
