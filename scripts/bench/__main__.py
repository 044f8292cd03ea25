"""Run every section and print one table. `BENCH_ONLY=cold,warm` runs some of them;
`BENCH_LOAD_SECONDS`, `BENCH_CALLS`, `BENCH_COLD_RUNS`, `BENCH_RESUME_ROUNDS` shorten a quick
run."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

from bench.common import ARTIFACTS, ROOT, Database, Row, embedded_database, handler_env, parse_rows

SECTIONS = (
    "cold", "warm", "load", "page", "artifact", "resumes", "insights", "calendar", "digest",
    "capture", "search", "quota",
)  # fmt: skip
# `quota` (one account filled to the quota through the import; make bench-quota) only on demand.
DEFAULT_SECTIONS = tuple(section for section in SECTIONS if section != "quota")


def run_child(module: str, env: dict[str, str]) -> list[Row]:
    """A section in a fresh interpreter; its rows come back on stdout, its chatter on stderr."""
    result = subprocess.run(
        [sys.executable, "-m", module],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    rows = parse_rows(result.stdout)
    if result.returncode != 0:
        rows.append(Row(module, "section failed", f"exit {result.returncode} (see stderr)"))
    return rows


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):  # noqa: SIM115
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def render(rows: Sequence[Row]) -> str:
    header = ("section", "figure", "measured", "floor", "ratio", "goal", "met")
    lines = [
        (
            row.section,
            row.figure,
            row.value,
            row.floor,
            f"{row.ratio:.2f}x" if row.ratio is not None else "",
            row.goal,
            {True: "yes", False: "NO", None: ""}[row.met],
        )
        for row in rows
    ]
    widths = [max(len(str(cells[i])) for cells in [header, *lines]) for i in range(len(header))]

    def fmt(cells: Sequence[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([fmt(header), rule, *(fmt(cells) for cells in lines)])


def main() -> int:
    wanted = [
        s.strip() for s in os.environ.get("BENCH_ONLY", ",".join(DEFAULT_SECTIONS)).split(",")
    ]
    unknown = set(wanted) - set(SECTIONS)
    if unknown:
        print(f"bench: unknown section(s) {sorted(unknown)}; choose from {SECTIONS}")
        return 2
    started = time.monotonic()
    rows: list[Row] = []
    with embedded_database() as database:
        runners: dict[str, Callable[[Database], list[Row]]] = {
            "cold": lambda db: run_child("bench.cold", handler_env(db)),
            "warm": lambda db: run_child("bench.warm", handler_env(db)),
            "load": lambda db: run_child("bench.load", handler_env(db)),
            "page": lambda db: run_child("bench.page", handler_env(db)),
            "artifact": lambda db: run_child("bench.artifact", handler_env(db)),
            "resumes": lambda db: run_child("bench.resumes", handler_env(db)),
            "insights": lambda db: run_child("bench.insights", handler_env(db)),
            "calendar": lambda db: run_child("bench.calendar", handler_env(db)),
            "digest": lambda db: run_child("bench.digest", handler_env(db)),
            "capture": lambda db: run_child("bench.capture", handler_env(db)),
            "search": lambda db: run_child("bench.search", handler_env(db)),
            "quota": lambda db: run_child("bench.quota", handler_env(db)),
        }
        for section in SECTIONS:
            if section in wanted:
                print(f"bench: {section} ...", file=sys.stderr, flush=True)
                rows += runners[section](database)
    table = render(rows)
    about = f"{machine()}; {time.strftime('%Y-%m-%d')}; took {time.monotonic() - started:.0f} s"
    print()
    print(about)
    print(table)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "table.md").write_text(f"{about}\n\n{table}\n", encoding="utf-8")
    (ARTIFACTS / "results.json").write_text(
        json.dumps({"machine": about, "rows": [r.to_json() for r in rows]}, indent=2),
        encoding="utf-8",
    )
    failed = [r for r in rows if r.figure == "section failed"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
