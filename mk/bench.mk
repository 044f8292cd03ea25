# `make bench`: what users and operators pay for, each figure a ratio against a floor measured
# in the same run (docs/performance.md). It prints figures; it is not a test suite, so it is
# not in TEST_TARGETS (the asserting checks are tests/integration/test_query_counts.py and
# test_cold_import.py). Quick run: BENCH_LOAD_SECONDS=6 BENCH_CALLS=300 make bench;
# some sections only: BENCH_ONLY=cold,warm make bench (cold, warm, load, page, artifact,
# resumes, insights, calendar, digest, capture, search; `make bench-resumes` is BENCH_ONLY=resumes).

.PHONY: bench bench-quota bench-capture bench-search

bench: venv ## print the performance figures (docs/performance.md); BENCH_ONLY=cold,warm,... for some
	PYTHONPATH=scripts:backend $(BIN)/python -m bench

bench-quota: venv ## one account filled to the quota through the import, every read timed and sized (docs/performance.md)
	BENCH_ONLY=quota PYTHONPATH=scripts:backend $(BIN)/python -m bench

bench-capture: venv ## the bench's capture section only (a posting page's read at 300 KB and 1 MiB)
	BENCH_ONLY=capture PYTHONPATH=scripts:backend $(BIN)/python -m bench

bench-search: venv ## the bench's search section only (q over 5,000 jobs with descriptions vs without)
	BENCH_ONLY=search PYTHONPATH=scripts:backend $(BIN)/python -m bench
