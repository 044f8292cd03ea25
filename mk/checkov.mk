# checkov, the infrastructure-as-code scanner, on the compiled CloudFormation template(s): no
# failed check. A check that does not fit is skipped in the resource's own Metadata
# (`checkov: skip: [{id, comment}]`), with a one-line reason a reviewer can weigh; what can be
# fixed is fixed instead. Its own venv (tools/checkov/venv): checkov pins a large set of
# dependencies, its own boto3 among them. BC_SKIP_MAPPING: no call to the vendor's API.

CHECKOV_VENV := tools/checkov/venv
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed
CHECKOV_TEMPLATES = $(wildcard .serverless/cloudformation-template-update-stack.json .serverless-prod/cloudformation-template-update-stack.json)

.PHONY: checkov-deps checkov checkov-scan

checkov-deps: $(CHECKOV_STAMP) ## install checkov (pinned in requirements/checkov.txt) into tools/checkov/venv

$(CHECKOV_STAMP): requirements/checkov.txt
	test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip install -q -r requirements/checkov.txt
	touch $@

checkov: package ## checkov on the compiled template(s) (make test-package runs it on dev and prod): no failed check
	$(MAKE) --no-print-directory checkov-scan

# The scan alone, on whatever templates are compiled (test-package compiles both first).
checkov-scan: checkov-deps
	BC_SKIP_MAPPING=TRUE $(CHECKOV_VENV)/bin/checkov --framework cloudformation --compact --quiet \
	  $(foreach template,$(CHECKOV_TEMPLATES),-f $(template))
