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

.PHONY: venv dev test lint format typecheck test-python migrate
.DEFAULT_GOAL := help

help:
	@echo "make dev      run the API, the Track page, PostgreSQL and S3 locally on :$(PORT)"
	@echo "make test     run every test suite (installs what it needs)"
	@echo "make package  build the Lambda artifact offline into .serverless/"

venv: $(VENV)/.installed

$(VENV)/.installed: requirements/dev.txt requirements/runtime.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements/dev.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

-include mk/*.mk

dev: venv $(DEV_PREREQUISITES)
	$(BIN)/python scripts/dev.py --port $(PORT)

test: venv
	@failed=""; \
	for target in $(TEST_TARGETS); do \
	  echo "==> make $$target"; \
	  $(MAKE) --no-print-directory $$target || failed="$$failed $$target"; \
	done; \
	if [ -n "$$failed" ]; then echo "FAILED:$$failed"; exit 1; fi; \
	echo "All suites passed: $(TEST_TARGETS)"

lint: venv
	$(BIN)/ruff check backend scripts tests
	$(BIN)/ruff format --check backend scripts tests

format: venv
	$(BIN)/ruff check --fix backend scripts tests
	$(BIN)/ruff format backend scripts tests

typecheck: venv
	$(BIN)/mypy

test-python: venv
	$(BIN)/pytest -q tests/unit tests/integration

migrate: venv
	$(BIN)/alembic upgrade head
