"""Library requests and responses: the types kept, the size, names and kinds."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, model_validator
from pydantic_core import PydanticCustomError

from jobtrack.tracking.schemas import DocumentKind, StrictModel

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024  # 10 MiB
MAX_DOCUMENTS_PER_USER = 200
MAX_DOCUMENTS_PER_JOB = 20
PRESIGN_EXPIRES_S = 300
FILENAME_MAX_CHARS = 255
NAME_MAX_CHARS = 200
KEY_MAX_CHARS = 200

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
# Each type kept, and the extension its files must have.
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", TEXT: ".txt"}
ContentType = Literal[
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/plain",
]
# Bidirectional overrides and isolates make "cv\u202efdp.exe" display as "cv.exe.pdf"-like text.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _one_line(value: str, field: str, max_chars: int) -> str:
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        raise PydanticCustomError("document_text", f"{field} is required")
    if len(text) > max_chars:
        raise PydanticCustomError(
            "document_text", f"{field} must be at most {max_chars} characters"
        )
    for char in text:
        if unicodedata.category(char) in {"Cc", "Zl", "Zp"} or char in _BIDI_CONTROLS:
            raise PydanticCustomError(
                "document_text",
                f"{field} must not contain control characters (found U+{ord(char):04X})",
            )
    return text


def check_filename(value: str) -> str:
    """A display name ending in .pdf, .docx or .txt: one line, no path, at most 255 characters.
    It is only shown and put in Content-Disposition; keys never contain it."""
    name = _one_line(value, "filename", FILENAME_MAX_CHARS)
    if "/" in name or "\\" in name:
        raise PydanticCustomError("document_filename", "filename must be a name without / or \\")
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem.strip() or f".{extension.lower()}" not in EXTENSIONS.values():
        raise PydanticCustomError(
            "document_filename", "filename must be a name ending in .pdf, .docx or .txt"
        )
    return name


def check_name(value: str) -> str:
    return _one_line(value, "name", NAME_MAX_CHARS)


def check_size(value: int) -> int:
    if value < 1:
        raise PydanticCustomError("document_size", "This file is empty; choose the file again.")
    if value > DOCUMENT_MAX_BYTES:
        raise PydanticCustomError("document_size", too_large_message(value))
    return value


def too_large_message(size: int) -> str:
    limit = DOCUMENT_MAX_BYTES // 1024 // 1024
    return f"This file is {size / 1024 / 1024:.1f} MB ({size:,} bytes); the limit is {limit} MB."


def extension_matches(filename: str, content_type: str) -> bool:
    return filename.lower().endswith(EXTENSIONS[content_type])


DocumentFilename = Annotated[str, AfterValidator(check_filename)]
DocumentName = Annotated[str, AfterValidator(check_name)]
DocumentSize = Annotated[int, AfterValidator(check_size)]


class DocumentUploadCreate(StrictModel):
    filename: DocumentFilename = Field(description="The file's name: .pdf, .docx or .txt.")
    size: DocumentSize = Field(
        description="The file's exact size in bytes; the URL accepts only that many.",
        json_schema_extra={"minimum": 1, "maximum": DOCUMENT_MAX_BYTES},
    )
    content_type: ContentType = Field(description="Must match the filename's extension.")

    @model_validator(mode="after")
    def _type_matches_extension(self) -> DocumentUploadCreate:
        if not extension_matches(self.filename, self.content_type):
            raise PydanticCustomError(
                "document_type",
                f"content_type {self.content_type} needs a filename ending in "
                f"{EXTENSIONS[self.content_type]}",
            )
        return self


class DocumentUploadRead(BaseModel):
    """Where and how to PUT the file: send exactly `headers`, and the declared number of bytes."""

    upload_url: str
    method: Literal["PUT"] = "PUT"
    headers: dict[str, str]
    key: str = Field(description="Pass this to `POST /api/documents` once the PUT succeeded.")
    expires_in: int = PRESIGN_EXPIRES_S
    max_bytes: int = DOCUMENT_MAX_BYTES


class DocumentCreate(StrictModel):
    key: str = Field(max_length=KEY_MAX_CHARS, description="The key upload-url returned.")
    filename: DocumentFilename = Field(description="The name to show and to download as.")
    kind: DocumentKind
    name: DocumentName | None = Field(None, description="Defaults to the filename.")


class DocumentUpdate(StrictModel):
    name: DocumentName | None = None
    kind: DocumentKind | None = None

    @model_validator(mode="after")
    def _not_null(self) -> DocumentUpdate:
        for field in ("name", "kind"):
            if field in self.model_fields_set and getattr(self, field) is None:
                raise ValueError(f"{field} cannot be null")
        return self


class DocumentRead(BaseModel):
    id: int
    kind: DocumentKind
    name: str
    filename: str
    content_type: ContentType
    size: int
    created_at: dt.datetime
    job_ids: list[int] = Field(description="The caller's jobs this version is attached to.")


class DocumentPage(BaseModel):
    items: list[DocumentRead] = Field(description="Newest first.")


class DocumentDownloadRead(BaseModel):
    url: str
    filename: str
    expires_in: int = PRESIGN_EXPIRES_S


def _unique(ids: list[int]) -> list[int]:
    seen: set[int] = set()
    for position, document_id in enumerate(ids):
        if document_id in seen:
            raise ValueError(f"document {document_id} is listed twice (at {position})")
        seen.add(document_id)
    return ids


DocumentIdValue = Annotated[int, Field(ge=1, le=2**31 - 1)]


class JobDocumentsPut(StrictModel):
    document_ids: Annotated[
        list[DocumentIdValue], Field(max_length=MAX_DOCUMENTS_PER_JOB), AfterValidator(_unique)
    ] = Field(
        description=f"The versions sent for this job, in the order to show them; at most "
        f"{MAX_DOCUMENTS_PER_JOB}, each once. [] detaches them all."
    )
