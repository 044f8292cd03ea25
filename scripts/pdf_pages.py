"""Read a PDF the page printed: each page's text as JSON on stdout, and each page as a PNG.

    python scripts/pdf_pages.py artifacts/e2e/report-print.pdf --png artifacts/e2e/report-print

prints `{"pages": [{"text": "...", "width_mm": 210.0, "height_mm": 297.0, "png": "..."}]}` and
writes `<prefix>-page-1.png`, `-page-2.png`, ... (150 dpi) for a person to look at. The report's
browser journey (tests/e2e/report.mjs) checks the text. PDFium does the reading and the drawing
(pypdfium2, a wheel that bundles it: no poppler on the machine); the PNG is written here with
zlib, so no imaging library is needed.
"""

from __future__ import annotations

import argparse
import json
import struct
import sys
import zlib
from pathlib import Path
from typing import Any

DPI = 150
POINTS_PER_INCH = 72
MM_PER_POINT = 25.4 / POINTS_PER_INCH


def png_bytes(rgb: bytes, width: int, height: int, stride: int) -> bytes:
    """An 8-bit RGB PNG of `height` rows of `stride` bytes (the first `width * 3` are pixels)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = width * 3
    # Each scanline starts with its filter type (0: none).
    raw = b"".join(b"\0" + rgb[y * stride : y * stride + row] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 6))
        + chunk(b"IEND", b"")
    )


def read_pages(pdf: Path, png_prefix: Path | None) -> list[dict[str, Any]]:
    import pypdfium2 as pdfium

    pages: list[dict[str, Any]] = []
    document = pdfium.PdfDocument(str(pdf))
    try:
        for number, page in enumerate(document, start=1):
            width, height = page.get_size()
            text_page = page.get_textpage()
            entry: dict[str, Any] = {
                "text": text_page.get_text_range(),
                "width_mm": round(width * MM_PER_POINT, 1),
                "height_mm": round(height * MM_PER_POINT, 1),
            }
            text_page.close()
            if png_prefix is not None:
                bitmap = page.render(
                    scale=DPI / POINTS_PER_INCH, rev_byteorder=True, fill_color=(255, 255, 255, 255)
                )
                if bitmap.n_channels != 3:
                    raise SystemExit(f"page {number}: expected RGB, PDFium drew {bitmap.mode}")
                path = png_prefix.with_name(f"{png_prefix.name}-page-{number}.png")
                path.write_bytes(
                    png_bytes(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride)
                )
                entry["png"] = str(path)
                bitmap.close()
            page.close()
            pages.append(entry)
    finally:
        document.close()
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--png", type=Path, help="write each page as <PNG>-page-N.png")
    args = parser.parse_args(argv)
    if not args.pdf.is_file():
        parser.error(f"{args.pdf} is not a file")
    if args.png is not None:
        for old in args.png.parent.glob(f"{args.png.name}-page-*.png"):
            old.unlink()  # a shorter report must not leave an earlier run's last pages
    json.dump({"pages": read_pages(args.pdf, args.png)}, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
