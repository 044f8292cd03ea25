"""What a stored file really is, from its bytes: the content checks of the library.

Pure functions, no I/O. A DOCX is a zip; only its directory is read (the standard library's
`zipfile` parses the central directory and never inflates an entry here), under an entry-count
and a declared-size budget, so a zip bomb costs what its directory costs to read: nothing.
"""

from __future__ import annotations

import io
import struct
import zipfile

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
# A real document has a few dozen entries; a budget far above that, far below a bomb's.
MAX_ZIP_ENTRIES = 1_000
# What the entries claim to inflate to, together: a 10 MiB DOCX with images stays well under.
MAX_ZIP_INFLATED_BYTES = 256 * 1024 * 1024
DOCX_BODY = "word/document.xml"
# The parts that name what an Office Open XML zip is, when it is not a Word document.
_OTHER_OFFICE = {
    "xl/workbook.xml": "a spreadsheet (XLSX)",
    "ppt/presentation.xml": "a slide deck (PPTX)",
}
_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_EOCD_SEARCH = _EOCD_SIZE + 0xFFFF  # the record plus the longest comment


class NotWhatItSays(ValueError):
    """The bytes are not the type the file claims; the message says why, for the user."""


def check_pdf(data: bytes) -> None:
    if not data.startswith(PDF_MAGIC):
        raise NotWhatItSays(
            "This file isn't a PDF (its contents are not PDF, whatever its name says)."
        )


def _declared_entries(data: bytes) -> int:
    """The entry count the zip's end record declares, read before the directory is parsed."""
    at = data.rfind(_EOCD, max(0, len(data) - _EOCD_SEARCH))
    if at < 0 or len(data) - at < _EOCD_SIZE:
        raise NotWhatItSays("This file isn't a Word document (DOCX): it is not a readable zip.")
    (entries,) = struct.unpack_from("<H", data, at + 10)
    return int(entries)


def check_docx(data: bytes) -> None:
    """A zip holding `word/document.xml`, within the entry and size budget; not XLSX/PPTX."""
    not_docx = "This file isn't a Word document (DOCX)"
    if not data.startswith(ZIP_MAGIC):
        raise NotWhatItSays(f"{not_docx}: its contents are not a zip, whatever its name says.")
    # 0xFFFF means "see the ZIP64 record": no 10 MiB document needs one.
    if _declared_entries(data) > MAX_ZIP_ENTRIES:
        raise NotWhatItSays(f"{not_docx}: it holds more than {MAX_ZIP_ENTRIES:,} parts.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, struct.error):
        raise NotWhatItSays(f"{not_docx}: it is not a readable zip.") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise NotWhatItSays(f"{not_docx}: it holds more than {MAX_ZIP_ENTRIES:,} parts.")
    if sum(entry.file_size for entry in entries) > MAX_ZIP_INFLATED_BYTES:
        raise NotWhatItSays(
            f"{not_docx}: its parts would inflate to more than "
            f"{MAX_ZIP_INFLATED_BYTES // 1024 // 1024} MB (a zip bomb, or not a document)."
        )
    names = {entry.filename for entry in entries}
    for part, what in _OTHER_OFFICE.items():
        if part in names:
            raise NotWhatItSays(f"{not_docx}: it is {what}.")
    if DOCX_BODY not in names:
        raise NotWhatItSays(f"{not_docx}: the zip holds no {DOCX_BODY}.")


def check_text(data: bytes) -> None:
    """UTF-8 text (a BOM allowed) without NUL."""
    if b"\x00" in data:
        raise NotWhatItSays("This file isn't plain text: it contains NUL bytes (a binary file?).")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotWhatItSays(
            f"This file isn't UTF-8 text (invalid byte at {exc.start}); save it as UTF-8."
        ) from None
