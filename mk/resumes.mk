# Resumes: the local S3 endpoint (s3rver from npm, pinned in tools/s3/package-lock.json) that
# `make dev` starts and the resume integration tests run against.

S3_TOOLS := tools/s3
S3_STAMP := $(S3_TOOLS)/node_modules/.installed

DEV_PREREQUISITES += s3-deps

.PHONY: s3-deps bench-resumes

s3-deps: $(S3_STAMP) ## install the local S3 server (s3rver) into tools/s3/

$(S3_STAMP): $(S3_TOOLS)/package.json $(S3_TOOLS)/package-lock.json
	npm ci --prefix $(S3_TOOLS) --no-audit --no-fund
	touch $@

# Make merges prerequisites: the integration tests start a real s3rver.
test-python: s3-deps

# Presign time per call and the confirm round trip, on a real s3rver and PostgreSQL: the
# bench's resumes section alone (scripts/bench/resumes.py).
bench-resumes: venv s3-deps ## the bench's resumes section only (presign, confirm round trip)
	BENCH_ONLY=resumes $(MAKE) --no-print-directory bench
