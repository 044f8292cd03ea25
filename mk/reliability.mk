# Reliability (issue 7): schemathesis fuzzing, a stateful model over HTTP, a concurrency soak,
# fault injection (killed connections, database stop/start, abandoned transactions) and hostile
# input. Each prints one table of figures and fails on any failure, violation or lost request.
# `make test` runs the quick profile; `make reliability` the long one and records its table in
# docs/reliability.md; `make fuzz` only the long schemathesis run.

RELIABILITY_STAMP := $(VENV)/.reliability-installed
RELIABILITY := $(BIN)/python scripts/reliability.py

TEST_TARGETS += test-reliability

.PHONY: reliability-deps test-reliability reliability fuzz

reliability-deps: $(RELIABILITY_STAMP)

$(RELIABILITY_STAMP): requirements/reliability.txt $(VENV)/.installed
	$(BIN)/pip install -q -r requirements/reliability.txt
	touch $@

test-reliability: venv reliability-deps
	$(RELIABILITY) --profile quick

reliability: venv reliability-deps
	$(RELIABILITY) --profile long --write-docs docs/reliability.md

fuzz: venv reliability-deps
	$(RELIABILITY) --profile long --suite fuzz
