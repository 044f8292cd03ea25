# The Track page (frontend/): dependencies, build, component tests, and the browser journey.
# Included by the root Makefile; adds its suites to TEST_TARGETS and the build to `make dev`.

FRONTEND := frontend
FRONTEND_STAMP := $(FRONTEND)/node_modules/.installed
CHROMIUM ?= /usr/bin/chromium
FRONTEND_SOURCES := $(shell find $(FRONTEND)/src $(FRONTEND)/public -type f 2>/dev/null) \
	$(FRONTEND)/index.html $(FRONTEND)/vite.config.ts $(FRONTEND)/tsconfig.json

TEST_TARGETS += test-frontend test-e2e
DEV_PREREQUISITES += frontend-build

.PHONY: frontend-deps frontend-build frontend-format frontend-lint chromium test-frontend test-e2e

frontend-deps: $(FRONTEND_STAMP) ## install frontend/ npm packages (npm ci)

$(FRONTEND_STAMP): $(FRONTEND)/package.json $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

frontend-build: $(FRONTEND)/dist/index.html ## build the Track page into frontend/dist/

# Prints the first screen's gzipped JS and each lazy chunk; fails over the 100 KB budget.
$(FRONTEND)/dist/index.html: $(FRONTEND_STAMP) $(FRONTEND_SOURCES)
	cd $(FRONTEND) && npx vite build --logLevel warn && node scripts/first-screen.mjs

# Debian's Chromium: Playwright's own browser download cannot be reached from here.
chromium: ## install Debian Chromium for test-e2e unless already there
	@if [ -x $(CHROMIUM) ]; then echo "chromium: $(CHROMIUM) is installed"; else \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi

# Prettier, configured in frontend/.prettierrc.json and frontend/.prettierignore.
frontend-format: $(FRONTEND_STAMP) ## format frontend/ with Prettier (rewrites the files)
	cd $(FRONTEND) && npx prettier --write --log-level warn .

# knip: unused files, exports and dependencies (allow-list and reasons in frontend/knip.jsonc).
frontend-lint: $(FRONTEND_STAMP) ## ESLint, the Prettier check and knip (dead code) of frontend/ (no tests)
	cd $(FRONTEND) && npx eslint . && npx prettier --check . && npx knip

# Type check (tsc, strict), ESLint, Prettier, then Vitest. The generated files' freshness
# (api.d.ts against openapi.json included) is generate-check's (mk/generate.mk).
test-frontend: $(FRONTEND_STAMP) ## tsc, ESLint, the Prettier check and the component tests (vitest) of frontend/
	cd $(FRONTEND) && npx tsc --noEmit && npx eslint . && npx prettier --check . && npx vitest run

# The journey in headless Chromium against embedded PostgreSQL, local S3 and the built page.
# Each journey gets a fresh stack: the jobs journey, the calendar, insights with import/export,
# the board, the activity report printed to PDF (read by scripts/pdf_pages.py), contacts, the
# digest mail read in the local mail catcher, and the bookmarklet (a posting served from another
# origin, captured into Track), delete my data (account), and the document library (two
# versions uploaded, attached to two jobs, previewed, where each was sent), and offline (installable,
# read offline, a step sent once when the connection is back, sign-out leaving nothing, the app
# opened again offline with no session reading the last user's jobs).
E2E_JOURNEYS := journey calendar insights board report contacts mail capture account documents offline

test-e2e: venv frontend-build chromium ## the browser journeys in headless Chromium against the local stack
	@for journey in $(E2E_JOURNEYS); do \
	  echo "==> e2e: $$journey"; \
	  CHROMIUM_PATH=$(CHROMIUM) $(BIN)/python scripts/e2e_stack.py -- node tests/e2e/$$journey.mjs \
	    || exit 1; \
	done

# The jobs table in Chromium: 50 rows against a static page of the same rows, and 500 jobs with
# every browser task over 100 ms counted (scripts/bench/jobs_table.mjs; figures in
# docs/performance.md).
.PHONY: bench-table
bench-table: venv frontend-build chromium ## the jobs table's render figures in headless Chromium (50 rows vs static, 500 jobs' long tasks)
	CHROMIUM_PATH=$(CHROMIUM) $(BIN)/python scripts/e2e_stack.py -- node scripts/bench/jobs_table.mjs
