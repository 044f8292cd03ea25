"""The library's content checks, byte by byte, without S3 (documents/content.py)."""

from __future__ import annotations

import io
import struct
import time
import zipfile

import pytest

from jobtrack.documents.content import (
    MAX_ZIP_ENTRIES,
    NotWhatItSays,
    check_docx,
    check_pdf,
    check_text,
)


def _zip(names: list[str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def test_a_word_document_passes() -> None:
    check_docx(_zip(["[Content_Types].xml", "word/document.xml", "docProps/core.xml"]))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7", "not a zip"),
        (_zip(["xl/workbook.xml", "word/document.xml"]), "XLSX"),
        (_zip(["ppt/presentation.xml"]), "PPTX"),
        (_zip(["word/other.xml"]), "no word/document.xml"),
        (b"PK\x03\x04" + b"\x00" * 64, "readable zip"),
    ],
)
def test_what_is_not_a_word_document_is_named(data: bytes, reason: str) -> None:
    with pytest.raises(NotWhatItSays, match=reason):
        check_docx(data)


def test_a_directory_claiming_too_many_entries_is_refused_before_it_is_parsed() -> None:
    data = bytearray(_zip(["word/document.xml"]))
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, 0xFFFF, 0xFFFF)  # a ZIP64-style or lying count
    with pytest.raises(NotWhatItSays, match=f"more than {MAX_ZIP_ENTRIES:,} parts"):
        check_docx(bytes(data))


def test_a_bomb_is_judged_by_its_directory_without_inflating() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<document/>")
        with archive.open("word/media/zeros.bin", "w") as entry:
            for _ in range(300):
                entry.write(bytes(1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(NotWhatItSays, match="zip bomb"):
        check_docx(data)
    assert time.perf_counter() - started < 0.05


def test_pdf_and_text() -> None:
    check_pdf(b"%PDF-1.4\n")
    check_text("Zoë — ok\n".encode())
    check_text(b"\xef\xbb\xbfwith a BOM")
    with pytest.raises(NotWhatItSays, match="isn't a PDF"):
        check_pdf(b"%PDX")
    with pytest.raises(NotWhatItSays, match="NUL"):
        check_text(b"a\x00b")
    with pytest.raises(NotWhatItSays, match="invalid byte at 1"):
        check_text(b"a\xc3(")
