# The Track page (frontend/): dependencies, build, component tests, and the browser journey.
# Included by the root Makefile; adds its suites to TEST_TARGETS and the build to `make dev`.

FRONTEND := frontend
FRONTEND_STAMP := $(FRONTEND)/node_modules/.installed
CHROMIUM ?= /usr/bin/chromium
FRONTEND_SOURCES := $(shell find $(FRONTEND)/src -type f 2>/dev/null) $(FRONTEND)/index.html $(FRONTEND)/vite.config.js

TEST_TARGETS += test-frontend test-e2e
DEV_PREREQUISITES += frontend-build

.PHONY: frontend-deps frontend-build chromium test-frontend test-e2e

frontend-deps: $(FRONTEND_STAMP)

$(FRONTEND_STAMP): $(FRONTEND)/package.json $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

frontend-build: $(FRONTEND)/dist/index.html

$(FRONTEND)/dist/index.html: $(FRONTEND_STAMP) $(FRONTEND_SOURCES)
	cd $(FRONTEND) && npx vite build --logLevel warn
	@cd $(FRONTEND)/dist/assets && for f in *.js *.css; do \
	  printf '  %-32s %6s bytes gzipped\n' "$$f" "$$(gzip -9c "$$f" | wc -c)"; done

# Debian's Chromium: Playwright's own browser download cannot be reached from here.
chromium:
	@if [ -x $(CHROMIUM) ]; then echo "chromium: $(CHROMIUM) is installed"; else \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi

test-frontend: $(FRONTEND_STAMP)
	cd $(FRONTEND) && npx eslint . && npx vitest run

# The journey in headless Chromium against embedded PostgreSQL, local S3 and the built page.
test-e2e: venv frontend-build chromium
	CHROMIUM_PATH=$(CHROMIUM) $(BIN)/python scripts/e2e_stack.py -- node tests/e2e/journey.mjs
