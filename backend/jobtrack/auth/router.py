"""`POST /api/auth/dev-token`: only mounted in dev mode, so any other mode answers 404."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from jobtrack.auth.tokens import issue_dev_token
from jobtrack.platform.http.dependencies import AppSettings

router = APIRouter(prefix="/api/auth", tags=["auth"])


class DevTokenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sub: str = Field(
        min_length=1, max_length=100, pattern=r"^\S(.*\S)?$", description="Who to sign in as."
    )


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"


@router.post("/dev-token", response_model=TokenOut)
async def dev_token(token_in: DevTokenIn, settings: AppSettings) -> TokenOut:
    """Sign in as anyone (dev mode only)."""
    return TokenOut(access_token=issue_dev_token(sub=token_in.sub, settings=settings))
