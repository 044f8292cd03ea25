# Track: `make dev` runs everything locally, `make test` runs every suite.
# Feature areas add their own targets in mk/*.mk and append to TEST_TARGETS.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Suites `make test` runs, in order; every one runs, and the run fails if any failed.
TEST_TARGETS := lint typecheck test-python

.PHONY: help venv dev test lint format typecheck test-python migrate
.DEFAULT_GOAL := help

# Every target a person runs documents itself with ` ## what it does` on its rule line, here
# and in mk/*.mk; this prints them grouped by file (tests/unit/test_make_help.py checks that
# every .PHONY target has one, internal ones excepted).
help: ## list the targets, one line each (the default goal)
	@awk '/^[a-zA-Z0-9][a-zA-Z0-9_.-]*:([^=]|$$).*## / { \
	    if (FILENAME != file) { printf "%s%s\n", (file ? "\n" : ""), FILENAME; file = FILENAME } \
	    target = $$0; sub(/:.*/, "", target); desc = $$0; sub(/^[^#]*## /, "", desc); \
	    printf "  make %-18s %s\n", target, desc }' $(MAKEFILE_LIST)

venv: $(VENV)/.installed ## create .venv and install the pinned Python dependencies

$(VENV)/.installed: requirements/dev.txt requirements/runtime.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements/dev.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

-include mk/*.mk

dev: venv $(DEV_PREREQUISITES) ## run the API, the Track page, PostgreSQL and S3 locally (PORT=8000)
	$(BIN)/python scripts/dev.py --port $(PORT)

test: venv ## run every test suite (installs what it needs); fails if any failed
	@failed=""; \
	for target in $(TEST_TARGETS); do \
	  echo "==> make $$target"; \
	  $(MAKE) --no-print-directory $$target || failed="$$failed $$target"; \
	done; \
	if [ -n "$$failed" ]; then echo "FAILED:$$failed"; exit 1; fi; \
	echo "All suites passed: $(TEST_TARGETS)"

lint: venv ## ruff check + format --check, the import layering (lint-imports), dead code (vulture), ESLint + Prettier check
	$(BIN)/ruff check backend scripts tests
	$(BIN)/ruff format --check backend scripts tests
	$(BIN)/lint-imports --no-cache
	$(BIN)/python scripts/dead_code.py
	$(MAKE) --no-print-directory frontend-lint

format: venv ## apply ruff's fixes and format the Python and the front end (Prettier) in place
	$(BIN)/ruff check --fix backend scripts tests
	$(BIN)/ruff format backend scripts tests
	$(MAKE) --no-print-directory frontend-format

typecheck: venv ## mypy (strict) on backend, scripts and tests
	$(BIN)/mypy

test-python: venv ## pytest: the unit and integration suites
	$(BIN)/pytest -q tests/unit tests/integration

migrate: venv ## alembic upgrade head on the database in DATABASE_URL
	$(BIN)/alembic upgrade head
