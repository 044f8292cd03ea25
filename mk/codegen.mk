# The front end's tracking schema, generated from the Pydantic note models and the stage
# rules (tracking/stages.py). `make codegen` rewrites it; `make test` fails while it is stale.

CODEGEN := $(BIN)/python scripts/generate_tracking_schema.py

TEST_TARGETS += codegen-check

.PHONY: codegen codegen-check

codegen: venv ## regenerate frontend/src/generated/ from the note models and stage rules
	$(CODEGEN)

# The check, then the tests that load the generated module in Node and compare it with the models.
codegen-check: venv ## fail if frontend/src/generated/ is stale; test it in Node
	$(CODEGEN) --check
	$(BIN)/pytest -q tests/unit/test_codegen.py
