# Every generated file, one command to write them and one to check them. CONTRIBUTING.md's
# "Generated files" table lists each with its source and generator. In dependency order:
#   1. the tracking schema (frontend/src/generated/trackingSchema.{js,d.ts,json}) and
#      backend/jobtrack/schema_version.py, from the note models, JobCreate and the stage rules;
#   2. openapi.json, from the app (its event schemas are the note models);
#   3. frontend/src/generated/api.d.ts, from openapi.json;
#   4. the layering diagram in README.md, from the import-linter contracts in pyproject.toml.
# `make generate` rewrites what changed; `make generate-check` (in `make test` and pre-commit)
# fails, with a diff, while any of them is stale, then validates openapi.json (openapi-validate).

CODEGEN := $(BIN)/python scripts/generate_tracking_schema.py
OPENAPI := $(BIN)/python scripts/generate_openapi.py
API_TYPES := node frontend/scripts/api-types.mjs
LAYERING := $(BIN)/python scripts/generate_layering.py

TEST_TARGETS += generate-check

.PHONY: generate generate-check

generate: venv frontend-deps ## rewrite every generated file, in dependency order (CONTRIBUTING.md lists them)
	$(CODEGEN)
	$(OPENAPI)
	$(API_TYPES)
	$(LAYERING)

# Every check runs, so one run names every stale file.
generate-check: venv frontend-deps ## fail if any generated file is stale, then validate openapi.json (make test, pre-commit)
	@stale=""; \
	$(CODEGEN) --check || stale="$$stale tracking-schema"; \
	$(OPENAPI) --check || stale="$$stale openapi.json"; \
	$(API_TYPES) --check || stale="$$stale api.d.ts"; \
	$(LAYERING) --check || stale="$$stale README-layering"; \
	if [ -n "$$stale" ]; then echo "stale:$$stale; run \`make generate\` and commit the result"; exit 1; fi
	@$(MAKE) --no-print-directory openapi-validate
