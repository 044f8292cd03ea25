"""Resume requests and responses, and the rules for a display filename and a declared size."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from jobtrack.resumes.constants import (
    PRESIGN_EXPIRES_S,
    RESUME_MAX_BYTES,
    too_large_message,
)

FILENAME_MAX_CHARS = 200
KEY_MAX_CHARS = 200
# Bidirectional overrides and isolates make "cv\u202efdp.exe" display as "cv.exe.pdf"-like text.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _filename_error(message: str) -> PydanticCustomError:
    return PydanticCustomError("resume_filename", message)


def check_filename(value: str) -> str:
    """A display name: any language, ends in `.pdf`, at most 200 characters, one line, no path.

    It is only ever shown and put in Content-Disposition; the object key never contains it.
    """
    name = unicodedata.normalize("NFC", value).strip()
    if not name:
        raise _filename_error("filename is required, e.g. cv.pdf")
    if len(name) > FILENAME_MAX_CHARS:
        raise _filename_error(f"filename must be at most {FILENAME_MAX_CHARS} characters")
    if not name.lower().endswith(".pdf") or not name[:-4].strip():
        raise _filename_error("filename must be a name ending in .pdf (only PDF files are kept)")
    if "/" in name or "\\" in name:
        raise _filename_error("filename must be a name without / or \\")
    for char in name:
        if unicodedata.category(char) in {"Cc", "Zl", "Zp"} or char in _BIDI_CONTROLS:
            raise _filename_error(
                f"filename must not contain control characters (found U+{ord(char):04X})"
            )
    return name


def check_size(value: int) -> int:
    if value < 1:
        raise PydanticCustomError("resume_size", "This file is empty; choose the PDF again.")
    if value > RESUME_MAX_BYTES:
        raise PydanticCustomError(
            "resume_size",
            too_large_message(value),
        )
    return value


ResumeFilename = Annotated[str, AfterValidator(check_filename)]
ResumeSize = Annotated[int, AfterValidator(check_size)]
Disposition = Literal["inline", "attachment"]


class ResumeUploadRead(BaseModel):
    """Where and how to PUT the file: send exactly `headers`, and the declared number of bytes."""

    upload_url: str
    method: Literal["PUT"] = "PUT"
    headers: dict[str, str]
    key: str = Field(description="Pass this to confirm once the PUT succeeded.")
    expires_in: int = PRESIGN_EXPIRES_S
    max_bytes: int = RESUME_MAX_BYTES


class ResumeConfirm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(max_length=KEY_MAX_CHARS, description="The key upload-url returned.")
    filename: ResumeFilename = Field(description="The name to show and to download as.")


class ResumeDownloadRead(BaseModel):
    url: str
    filename: str
    expires_in: int = PRESIGN_EXPIRES_S
