"""The Lambda artifact from `make package` (zip size, unpacked size, files).
The cold-start module count comes from bench.cold, which already runs fresh interpreters."""

from __future__ import annotations

import zipfile

from bench.common import ROOT, Row, emit_rows, kib
from bench.page import make, make_target_exists

ZIP = ROOT / ".serverless" / "track.zip"
LAMBDA_UNPACKED_LIMIT = 250 * 1024 * 1024


def main() -> None:
    if not make_target_exists("package"):
        emit_rows([Row("artifact", "Lambda zip", "pending: no `make package` yet")])
        return
    if not make("package") or not ZIP.exists():
        emit_rows([Row("artifact", "Lambda zip", "`make package` failed", met=False)])
        return
    with zipfile.ZipFile(ZIP) as archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
    unpacked = sum(info.file_size for info in infos)
    emit_rows(
        [
            Row(
                "artifact",
                f"Lambda zip unpacked ({len(infos)} files; zip {kib(ZIP.stat().st_size)})",
                kib(unpacked),
                "250.0 MiB",
                unpacked / LAMBDA_UNPACKED_LIMIT,
                "<= Lambda's 250 MiB",
                unpacked <= LAMBDA_UNPACKED_LIMIT,
            )
        ]
    )


if __name__ == "__main__":
    main()
