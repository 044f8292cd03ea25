# Calendar: ical.js (npm, pinned in tools/ical/package-lock.json), the second iCalendar parser
# the calendar tests read every feed and .ics file with (tools/ical/parse.mjs).

ICAL_TOOLS := tools/ical
ICAL_STAMP := $(ICAL_TOOLS)/node_modules/.installed

.PHONY: ical-deps bench-calendar

ical-deps: $(ICAL_STAMP) ## install ical.js (the calendar tests' second parser) into tools/ical/

$(ICAL_STAMP): $(ICAL_TOOLS)/package.json $(ICAL_TOOLS)/package-lock.json
	npm ci --prefix $(ICAL_TOOLS) --no-audit --no-fund
	touch $@

# Make merges prerequisites: the calendar tests run ical.js.
test-python: ical-deps

# A month's calendar at 20 and at 2,000 jobs, and the whole feed against its floor: the
# bench's calendar section alone (scripts/bench/calendar.py).
bench-calendar: venv ## the bench's calendar section only (month at scale, feed vs its floor)
	BENCH_ONLY=calendar $(MAKE) --no-print-directory bench
