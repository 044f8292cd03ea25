# Deploy: the Lambda artifact (offline), its checks, and deploy/remove on AWS (docs/deploy.md).
# osls and serverless-python-requirements are pinned in the root package-lock.json.

DEPLOY_STAMP := node_modules/.installed
DEPLOY_VENV_STAMP := $(VENV)/.deploy-installed
PACKAGE_DIR := .serverless
PACKAGE_ZIP := $(PACKAGE_DIR)/track.zip
PACKAGE_TEMPLATE := $(PACKAGE_DIR)/cloudformation-template-update-stack.json
# What goes into the artifact: a change to any of these rebuilds it.
PACKAGE_INPUTS := serverless.yml alembic.ini requirements/runtime.txt package-lock.json \
	$(wildcard infra/*.yml) \
	$(shell find backend/jobtrack backend/alembic -type f \( -name '*.py' -o -name '*.mako' \) 2>/dev/null)
OSLS := node_modules/.bin/osls
AWS_REGION_ARG = $(if $(REGION),--region $(REGION))
# Extra osls arguments, e.g. OSLS_ARGS='--param="network=vpc" --param="subnetIds=subnet-a,subnet-b"'
OSLS_ARGS ?=

TEST_TARGETS += test-package

.PHONY: deploy-deps package test-package deploy deploy-api migrate-remote deploy-page remove require-stage preflight deployer-policy

deploy-deps: $(DEPLOY_STAMP) ## install the pinned deploy tools (osls) into node_modules/

$(DEPLOY_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(DEPLOY_VENV_STAMP): requirements/deploy.txt $(VENV)/.installed
	$(BIN)/pip install -q -r requirements/deploy.txt
	touch $@

# Offline, no AWS credentials: osls resolves nothing remote (see serverless.yml's params).
package: $(PACKAGE_ZIP) ## build the Lambda artifact offline into .serverless/
	@bytes=$$(stat -c %s $(PACKAGE_ZIP)); \
	  echo "$(PACKAGE_ZIP): $$bytes bytes ($$(( bytes / 1048576 )).$$(( bytes % 1048576 * 10 / 1048576 )) MiB)"

$(PACKAGE_ZIP): $(PACKAGE_INPUTS) | $(DEPLOY_STAMP)
	rm -rf $(PACKAGE_DIR)
	$(OSLS) package
	test -s $@

# cfn-lint clean on the generated template, then the artifact unpacked and run under
# Python 3.12 (tests/package/test_artifact.py).
test-package: venv $(DEPLOY_VENV_STAMP) package ## cfn-lint the template, run the unpacked artifact under Python 3.12
	$(BIN)/cfn-lint $(PACKAGE_TEMPLATE)
	@echo "cfn-lint: no findings in $(PACKAGE_TEMPLATE)"
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
deployer-policy: venv $(DEPLOY_VENV_STAMP) package ## rewrite infra/deployer-policy.json from the compiled template
	$(BIN)/python scripts/deployer_policy.py

# What the deploy needs, checked before it starts (read-only; scripts/preflight.py).
preflight: require-stage venv ## check the account before a deploy: region, quotas, Aurora, SES, permissions (STAGE=<name> REGION=<aws-region>)
	$(BIN)/python scripts/preflight.py --stage $(STAGE) $(AWS_REGION_ARG) $(OSLS_ARGS)

# The stage's parameters are checked first: prod is committed as network=vpc, and a VPC
# without subnets must stop here, not deploy (scripts/check_stage_params.py).
deploy-api: require-stage venv $(DEPLOY_STAMP) ## migrate and deploy the stack (STAGE=<name> [REGION=])
	$(BIN)/python scripts/check_stage_params.py --stage $(STAGE) $(OSLS_ARGS)
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
