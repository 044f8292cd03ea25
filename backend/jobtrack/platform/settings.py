"""One settings object, read from the environment (the variable names are part of the interface and do not change)."""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# The RDS global CA bundle, shipped inside the package when `make rds-ca-bundle` fetched it.
BUNDLED_RDS_CA = Path(__file__).resolve().parents[1] / "certs" / "rds-global-bundle.pem"


def normalise_database_url(url: str) -> str:
    """Map `postgres://` and bare `postgresql://` to the psycopg2 driver we ship.

    SQLAlchemy 2.1 maps a bare `postgresql://` to psycopg 3, which is not installed.
    """
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url[len(prefix) :]
    return url


class Settings(BaseModel):
    """Each field from the variable of the same name (any case); values passed in win.

    A plain model rather than pydantic-settings: importing that costs about 20 ms of every cold
    start (it loads its dotenv, CLI and cloud sources) for what `_from_environment` does.
    No value is JSON-decoded: the list fields take comma-separated text.
    """

    model_config = ConfigDict(extra="ignore", validate_default=True)

    database_url: str | None = None
    auth_mode: Literal["dev", "cognito"] = "cognito"
    aws_region: str = "us-east-1"
    cognito_user_pool_id: str | None = None
    cognito_client_id: list[str] = Field(default_factory=list)
    # Override for tests and private endpoints; derived from region and pool id when unset.
    cognito_jwks_url: str | None = None
    # Who checks a Cognito token's signature: `jwks`, the app itself (it fetches the pool's
    # key set over the internet), or `gateway`, the HTTP API's JWT authorizer in front of
    # every route that needs a user: the app then takes the claims the authorizer verified
    # from the request's context (still checking issuer, token use, client and expiry) and
    # refuses a request that has none. The stack sets `gateway` (docs/deploy.md).
    cognito_verify: Literal["jwks", "gateway"] = "jwks"
    dev_jwt_secret: str = Field(default_factory=lambda: secrets.token_urlsafe(32))
    cors_origins: list[str] = Field(default_factory=list)
    # Host headers the app answers (empty: any). `make dev` sets its own names, so a web page
    # elsewhere that rebinds its DNS name to 127.0.0.1 cannot talk to the dev server.
    allowed_hosts: list[str] = Field(default_factory=list)
    docs_enabled: bool | None = None

    resume_bucket: str = "jobtrack-resumes"
    s3_endpoint_url: str | None = None

    # Connection tuning. Lambda runs one request at a time per container: pool 1, no overflow.
    db_pool_size: int = 5
    db_max_overflow: int = 5
    db_pool_recycle_s: int = 300
    db_connect_timeout_s: int = 5
    db_statement_timeout_ms: int = 10_000
    db_idle_in_transaction_timeout_ms: int = 10_000
    db_lock_timeout_ms: int = 5_000
    # Set on the API role only (scripts/grant_api_role.py): a session idle this long is closed
    # by the server, so the connections of idle Lambda environments (old versions kept for
    # SnapStart, scaled-in containers) are freed; the pool's liveness check reconnects.
    db_idle_session_timeout_ms: int = 600_000
    # How those timeouts reach a session: `startup` (libpq options; RDS Proxy refuses them),
    # `role` (ALTER ROLE ... SET, scripts/grant_api_role.py), `transaction` (SET LOCAL).
    db_timeouts: Literal["startup", "role", "transaction"] = "startup"

    # Credentials read at runtime from an RDS-style JSON secret; DATABASE_URL is then unused
    # by the API. DB_HOST/DB_PORT/DB_NAME override the secret's (an RDS Proxy endpoint).
    database_secret_arn: str | None = None
    db_host: str | None = None
    db_port: int | None = None
    db_name: str | None = None
    # libpq sslmode; cognito mode needs verify-full for a remote database. The root
    # certificate defaults to the bundled RDS CA (BUNDLED_RDS_CA).
    db_ssl_mode: (
        Literal["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] | None
    ) = None
    db_ssl_root_cert: str | None = None
    # The migrate function only: the schema owner's secret (RDS-managed: username and
    # password) and the host it connects to directly (the cluster's writer, not RDS Proxy,
    # which knows only the API role's secret). DATABASE_SECRET_ARN is then the API role's
    # secret, whose role migrate creates and grants after migrating.
    migrate_secret_arn: str | None = None
    migrate_db_host: str | None = None

    max_body_bytes: int = 64 * 1024
    # Per-user quotas and rates (docs/api.md "Limits"); tests and the reliability stack lower
    # or raise them. A Lambda response tops out at 6 MB: 100 events keep one job far below it.
    max_jobs_per_user: int = 5_000
    max_events_per_job: int = 100
    max_upload_urls_per_hour: int = 30
    # `GET /api/health` reuses its database check this long per container (0: every call).
    health_cache_s: float = 5.0
    # CloudWatch metrics per route as EMF lines on stdout (jobtrack.platform.aws.metrics); on in
    # the stack.
    metrics_namespace: str | None = None
    # The built Track page (frontend/dist), served at `/` by `make dev`; unset on Lambda.
    frontend_dist: str | None = None

    # Mail (the digest). PAGE_URL: the page's origin, for the links in a mail (the job, and the
    # unsubscribe route under the same origin's /api). SMTP_URL (smtp://host:port) sends
    # through an SMTP server; otherwise SES (MAIL_FROM, a verified identity's address, and the
    # configuration set SES_CONFIGURATION_SET). No MAIL_FROM and no SMTP_URL: no mail.
    page_url: str | None = None
    # The API's origin, for the unsubscribe link (the page's when unset: one origin).
    api_url: str | None = None
    smtp_url: str | None = None
    mail_from: str | None = None
    ses_configuration_set: str | None = None
    # On AWS the digest function (in the database's VPC) sends through this function, which
    # runs outside the VPC and calls SES (notifications/transport.py, RelayMailer).
    mail_relay_function: str | None = None
    # The key ring of the unsubscribe links (notifications/unsubscribe.py).
    mail_signing_secret_arn: str | None = None
    mail_signing_keys: list[str] = Field(default_factory=list)

    # Web Push (notifications/vapid.py, notifications/webpush.py). The VAPID key pair: a
    # Secrets Manager JSON secret the stack creates (filled by migrate), or a raw private key
    # (`make dev` keeps one in .data/). The push services a subscription may name (hosts; a
    # leading `*.` matches subdomains), so the sender never posts to an address a user chose.
    vapid_secret_arn: str | None = None
    vapid_private_key: str | None = None
    push_hosts: list[str] = Field(
        default_factory=lambda: [
            "fcm.googleapis.com",
            "updates.push.services.mozilla.com",
            "web.push.apple.com",
            "*.notify.windows.com",
        ]
    )
    # A CA bundle the push requests trust instead of the system's (the local test endpoint).
    push_ca_bundle: str | None = None
    # On AWS the digest function hands each user's pushes to this function outside the VPC
    # (the push services are on the internet; the VPC has no way out).
    push_relay_function: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_environment(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        wanted = cls.model_fields.keys()
        found = {name.lower(): value for name, value in os.environ.items()}
        return {**{name: found[name] for name in wanted if name in found}, **data}

    @field_validator(
        "cognito_client_id",
        "cors_origins",
        "allowed_hosts",
        "mail_signing_keys",
        "push_hosts",
        mode="before",
    )
    @classmethod
    def _split_csv(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator(
        "database_secret_arn",
        "db_host",
        "db_port",
        "db_name",
        "db_ssl_mode",
        "db_ssl_root_cert",
        "migrate_secret_arn",
        "migrate_db_host",
        "page_url",
        "api_url",
        "smtp_url",
        "mail_from",
        "ses_configuration_set",
        "mail_relay_function",
        "mail_signing_secret_arn",
        "vapid_secret_arn",
        "vapid_private_key",
        "push_ca_bundle",
        "push_relay_function",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        # serverless.yml passes '' for a parameter left at its default.
        return None if value == "" else value

    @field_validator("database_url")
    @classmethod
    def _normalise_url(cls, value: str | None) -> str | None:
        return normalise_database_url(value) if value else value

    @property
    def docs_on(self) -> bool:
        """OpenAPI and docs: on in dev mode, off in cognito mode unless enabled."""
        return self.docs_enabled if self.docs_enabled is not None else self.auth_mode == "dev"

    @property
    def cognito_issuer(self) -> str:
        return f"https://cognito-idp.{self.aws_region}.amazonaws.com/{self.cognito_user_pool_id}"

    @property
    def jwks_url(self) -> str:
        return self.cognito_jwks_url or f"{self.cognito_issuer}/.well-known/jwks.json"


@lru_cache
def get_settings() -> Settings:
    return Settings()
