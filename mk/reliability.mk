# Reliability: schemathesis fuzzing, a stateful model over HTTP, a concurrency soak,
# fault injection (killed connections, database stop/start, abandoned transactions) and hostile
# input. Each prints one table of figures and fails on any failure, violation or lost request.
# `make test` runs the quick profile; `make reliability` the long one and records its table in
# docs/reliability.md; `make fuzz` only the long schemathesis run.

RELIABILITY_STAMP := $(VENV)/.reliability-installed
RELIABILITY := $(BIN)/python scripts/reliability.py

TEST_TARGETS += test-reliability

.PHONY: reliability-deps test-reliability reliability fuzz

reliability-deps: $(RELIABILITY_STAMP) ## install requirements/reliability.txt (schemathesis) into .venv

$(RELIABILITY_STAMP): requirements/reliability.txt $(VENV)/.installed
	$(BIN)/pip install -q -r requirements/reliability.txt
	touch $@

test-reliability: venv reliability-deps ## the reliability suites, quick profile (part of make test)
	$(RELIABILITY) --profile quick

reliability: venv reliability-deps ## the reliability suites, long profile; records docs/reliability.md
	$(RELIABILITY) --profile long --write-docs docs/reliability.md

fuzz: venv reliability-deps ## the long schemathesis fuzz run only
	$(RELIABILITY) --profile long --suite fuzz
