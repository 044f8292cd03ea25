# Deploy: the Lambda artifact (offline), its checks, and deploy/remove on AWS (docs/deploy.md).
# osls and serverless-python-requirements are pinned in the root package-lock.json.

DEPLOY_STAMP := node_modules/.installed
DEPLOY_VENV_STAMP := $(VENV)/.deploy-installed
# `make package` builds dev into .serverless/ (what tests/package reads first); any other
# STAGE goes to .serverless-<stage>/, so the two never overwrite each other.
PACKAGE_STAGE := $(or $(STAGE),dev)
PACKAGE_DIR := $(if $(filter dev,$(PACKAGE_STAGE)),.serverless,.serverless-$(PACKAGE_STAGE))
PACKAGE_ZIP := $(PACKAGE_DIR)/track.zip
PACKAGE_TEMPLATE := $(PACKAGE_DIR)/cloudformation-template-update-stack.json
# make test-package compiles and checks both committed stages.
TEMPLATE_NAME := cloudformation-template-update-stack.json
DEV_ZIP := .serverless/track.zip
PROD_ZIP := .serverless-prod/track.zip
# What goes into the artifact: a change to any of these rebuilds it.
PACKAGE_INPUTS := serverless.yml alembic.ini requirements/runtime.txt package-lock.json \
	$(wildcard infra/*.yml) \
	$(shell find backend/jobtrack backend/alembic -type f \( -name '*.py' -o -name '*.mako' -o -path '*/templates/*' \) 2>/dev/null)
OSLS := node_modules/.bin/osls
# Pure-Python requirements PyPI ships only as an sdist, built into wheels the artifact's pip
# (--only-binary=:all: for the Lambda platform) can take from .wheels/ (serverless.yml).
SDIST_ONLY := http-ece
LOCAL_WHEELS := .wheels/.built
AWS_REGION_ARG = $(if $(REGION),--region $(REGION))
# Extra osls arguments, on one line, e.g.
# OSLS_ARGS='--param="databaseMaxCapacity=8" --param="alarmEmail=ops@example.com"'.
# Exported: scripts/check_stage_params.py reads it whole from the environment (a value of
# several lines would reach the shell as several commands, and osls only the first).
OSLS_ARGS ?=
export OSLS_ARGS

TEST_TARGETS += test-package

.PHONY: deploy-deps package test-package deploy deploy-api migrate-remote deploy-page remove require-stage preflight deployer-policy reattach

deploy-deps: $(DEPLOY_STAMP) ## install the pinned deploy tools (osls) into node_modules/

$(DEPLOY_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(DEPLOY_VENV_STAMP): requirements/deploy.txt $(VENV)/.installed
	$(BIN)/pip install -q -r requirements/deploy.txt
	touch $@

# Offline, no AWS credentials: osls resolves nothing remote (see serverless.yml's params).
package: $(PACKAGE_ZIP) ## build the Lambda artifact and template offline (STAGE=dev into .serverless/, others .serverless-<stage>/)
	@bytes=$$(stat -c %s $(PACKAGE_ZIP)); \
	  echo "$(PACKAGE_ZIP): $$bytes bytes ($$(( bytes / 1048576 )).$$(( bytes % 1048576 * 10 / 1048576 )) MiB)"

$(LOCAL_WHEELS): requirements/runtime.txt | venv
	rm -rf .wheels
	$(foreach p,$(SDIST_ONLY),$(BIN)/pip wheel -q --no-deps --no-binary=$(p) -w .wheels \
	  $$(grep -i '^$(p)==' requirements/runtime.txt) &&) true
	touch $@

.serverless/track.zip: $(PACKAGE_INPUTS) $(LOCAL_WHEELS) | $(DEPLOY_STAMP)
	rm -rf .serverless
	$(OSLS) package --stage dev
	test -s $@

# osls builds in .serverless/ and moves the result to --package: another stage's package
# removes dev's .serverless/ (which the next `make package` rebuilds).
.serverless-%/track.zip: $(PACKAGE_INPUTS) $(LOCAL_WHEELS) | $(DEPLOY_STAMP)
	rm -rf .serverless-$*
	$(OSLS) package --stage $* --package .serverless-$*
	test -s $@

# cfn-lint clean on both stages' templates, the templates' shape (tests/package/
# test_stack_template.py reads both), then the artifact unpacked and run under Python 3.12
# (tests/package/test_artifact.py).
test-package: venv $(DEPLOY_VENV_STAMP) ## cfn-lint and checkov on the dev and prod templates, check their shape, run the unpacked artifact under Python 3.12
	$(MAKE) --no-print-directory $(PROD_ZIP)
	$(MAKE) --no-print-directory $(DEV_ZIP)
	$(BIN)/cfn-lint .serverless/$(TEMPLATE_NAME) .serverless-prod/$(TEMPLATE_NAME)
	@echo "cfn-lint: no findings in the dev and prod templates"
	$(MAKE) --no-print-directory checkov-scan
	$(BIN)/pytest -q tests/package

require-stage:
	@test -n "$(STAGE)" || { echo "usage: make $(MAKECMDGOALS) STAGE=<name> [REGION=<aws-region>]"; exit 2; }

# Deploy the stack, then upload the page and its config.json (in this order, also under
# make -j). The stack migrates the database itself, before the API's code changes
# (infra/migrate.yml): a failed migration fails deploy-api and the stack rolls back.
deploy: require-stage ## deploy-api (which migrates first), then deploy-page (STAGE=<name> [REGION=])
	$(MAKE) --no-print-directory deploy-api
	$(MAKE) --no-print-directory deploy-page

# The IAM policy a deploying role needs, from the compiled template(s) (scripts/deployer_policy.py);
# make test-package fails when the committed file misses an action the template needs.
# Both stages' templates, prod first (its package removes dev's .serverless/): a policy from
# dev's alone could miss what only prod's template holds.
deployer-policy: venv $(DEPLOY_VENV_STAMP) ## rewrite infra/deployer-policy.json from the compiled dev and prod templates
	$(MAKE) --no-print-directory $(PROD_ZIP)
	$(MAKE) --no-print-directory $(DEV_ZIP)
	$(BIN)/python scripts/deployer_policy.py

# What the deploy needs, checked before it starts (read-only; scripts/preflight.py).
preflight: require-stage venv ## check the account before a deploy: region, quotas, Aurora, SES, permissions (STAGE=<name> REGION=<aws-region>)
	$(BIN)/python scripts/preflight.py --stage $(STAGE) $(AWS_REGION_ARG) $(OSLS_ARGS)

# The stage's parameters are checked first (every one its network and database modes need,
# with its shape, and OSLS_ARGS on one line): a bad one stops here, not halfway through a
# CloudFormation update (scripts/check_stage_params.py).
deploy-api: require-stage venv $(DEPLOY_STAMP) ## migrate and deploy the stack (STAGE=<name> [REGION=])
	$(BIN)/python scripts/check_stage_params.py --stage $(STAGE) $(AWS_REGION_ARG)
	$(OSLS) deploy --stage $(STAGE) $(AWS_REGION_ARG) $(OSLS_ARGS)

# By hand only (deploys migrate by themselves): e.g. after a database restore.
migrate-remote: require-stage $(DEPLOY_STAMP) ## run the migrate function of a deployed stack now (STAGE=<name> [REGION=])
	$(OSLS) invoke --function migrate --stage $(STAGE) $(AWS_REGION_ARG) $(OSLS_ARGS)

deploy-page: require-stage venv ## build the page, upload it and its config.json (STAGE=<name> [REGION=])
	npm ci --prefix frontend --no-audit --no-fund
	npm run --prefix frontend build
	$(BIN)/python scripts/publish_page.py publish --stack track-$(STAGE) $(AWS_REGION_ARG) \
	  --dist frontend/dist

# The resume bucket and the user pool are kept (user data); docs/deploy.md says how to delete them.
remove: require-stage venv $(DEPLOY_STAMP) ## empty the page bucket, remove the stack; keeps user data (STAGE=<name> [REGION=])
	$(BIN)/python scripts/publish_page.py empty --stack track-$(STAGE) $(AWS_REGION_ARG)
	$(OSLS) remove --stage $(STAGE) $(AWS_REGION_ARG) $(OSLS_ARGS)

# After a remove: import the retained user pool and resume bucket into a new stack of the same
# stage, then deploy (docs/deploy.md, "Re-attach a retained user pool and bucket"). Offline:
# writes the import template and --resources-to-import, prints the commands (scripts/reattach.py).
reattach: require-stage venv package ## write the import of a retained pool and bucket, print its commands (STAGE= REGION= POOL_ID= BUCKET=)
	@test -n "$(POOL_ID)" -a -n "$(BUCKET)" || { echo "usage: make reattach STAGE=<name> REGION=<aws-region> POOL_ID=<user pool id> BUCKET=<resume bucket>"; exit 2; }
	$(BIN)/python scripts/reattach.py --stage $(STAGE) --region $(or $(REGION),us-east-1) \
	  --pool-id $(POOL_ID) --bucket $(BUCKET) --package-dir $(PACKAGE_DIR)
