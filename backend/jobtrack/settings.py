"""One settings object, read from the environment (the variable names are part of the interface and do not change)."""

from __future__ import annotations

import secrets
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def normalise_database_url(url: str) -> str:
    """Map `postgres://` and bare `postgresql://` to the psycopg2 driver we ship.

    SQLAlchemy 2.1 maps a bare `postgresql://` to psycopg 3, which is not installed.
    """
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url[len(prefix) :]
    return url


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    database_url: str | None = None
    auth_mode: Literal["dev", "cognito"] = "cognito"
    aws_region: str = "us-east-1"
    cognito_user_pool_id: str | None = None
    cognito_client_id: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Override for tests and private endpoints; derived from region and pool id when unset.
    cognito_jwks_url: str | None = None
    dev_jwt_secret: str = Field(default_factory=lambda: secrets.token_urlsafe(32))
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Host headers the app answers (empty: any). `make dev` sets its own names, so a web page
    # elsewhere that rebinds its DNS name to 127.0.0.1 cannot talk to the dev server.
    allowed_hosts: Annotated[list[str], NoDecode] = Field(default_factory=list)
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

    max_body_bytes: int = 64 * 1024
    # The built Track page (frontend/dist), served at `/` by `make dev`; unset on Lambda.
    frontend_dist: str | None = None

    @field_validator("cognito_client_id", "cors_origins", "allowed_hosts", mode="before")
    @classmethod
    def _split_csv(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

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
