# The API's OpenAPI document, committed as openapi.json (production serves none); `make
# generate` writes it and `make generate-check` checks it is current (mk/generate.mk). This is
# where the document itself is validated: generate-check runs openapi-validate after its
# freshness checks, so every validator added here runs in `make test` and pre-commit.

.PHONY: openapi-validate

openapi-validate: venv ## validate the committed openapi.json (OpenAPI 3, every $ref resolves)
	$(BIN)/python scripts/generate_openapi.py --validate
