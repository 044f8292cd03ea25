"""Run the reliability suites (tests/reliability) and print one table of figures.

    python scripts/reliability.py                      # quick profile, every suite (make test)
    python scripts/reliability.py --profile long --write-docs docs/reliability.md
    python scripts/reliability.py --profile long --suite fuzz

Exits non-zero when pytest fails, when a suite did not run, or when any suite reports a
failure, an invariant violation or a lost request.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SUITES = {  # --suite name: (test module, name in the table)
    "fuzz": ("test_fuzz.py", "fuzz (schemathesis)"),
    "model": ("test_model.py", "stateful model"),
    "soak": ("test_soak.py", "concurrency soak"),
    "faults": ("test_faults.py", "faults"),
    "hostile": ("test_hostile.py", "hostile input (OWASP)"),
}
COLUMNS = [
    ("cases", "cases run"),
    ("failures", "failures"),
    ("faults", "faults injected"),
    ("violations", "invariant violations"),
    ("lost", "requests lost"),
]
MUST_BE_ZERO = ("failures", "violations", "lost")
START, END = "<!-- reliability-table:start -->", "<!-- reliability-table:end -->"


def run_suites(profile: str, suites: list[str], pytest_args: list[str]) -> tuple[int, Any]:
    """pytest over the chosen modules; returns its exit code and the figures it wrote."""
    with tempfile.TemporaryDirectory(prefix="reliability-") as tmp:
        figures_path = Path(tmp) / "figures.json"
        env = {
            **os.environ,
            "RELIABILITY_PROFILE": profile,
            "RELIABILITY_FIGURES": str(figures_path),
        }
        modules = [f"tests/reliability/{SUITES[name][0]}" for name in suites]
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *modules]
        code = subprocess.call([*command, *pytest_args], cwd=ROOT, env=env)
        figures = json.loads(figures_path.read_text()) if figures_path.exists() else None
    return code, figures


def table(rows: dict[str, dict[str, int]], names: list[str]) -> list[str]:
    header = ["suite", *(title for _, title in COLUMNS)]
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(["---", *["---:"] * len(COLUMNS)]) + "|",
    ]
    totals = dict.fromkeys((key for key, _ in COLUMNS), 0)
    for name in names:
        row = rows.get(name)
        cells = [f"{row[key]:,}" for key, _ in COLUMNS] if row else ["did not run"] + [""] * 4
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
        for key, _ in COLUMNS:
            totals[key] += row[key] if row else 0
    lines.append("| **total** | " + " | ".join(f"**{totals[k]:,}**" for k, _ in COLUMNS) + " |")
    return lines


def details(extra: dict[str, Any]) -> list[str]:
    lines = []
    for title, values in extra.items():
        if isinstance(values, dict):
            shown = ", ".join(f"{k}: {v}" for k, v in values.items())
        else:
            shown = str(values)
        lines.append(f"- {title}: {shown}")
    return lines


def write_docs(path: Path, block: list[str]) -> None:
    text = path.read_text()
    if START not in text or END not in text:
        raise SystemExit(f"{path} has no {START} ... {END} block to replace")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    path.write_text(before + START + "\n" + "\n".join(block) + "\n" + END + after)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=["quick", "long"], default="quick")
    parser.add_argument(
        "--suite", action="append", choices=sorted(SUITES), help="run only these (repeatable)"
    )
    parser.add_argument("--write-docs", type=Path, help="put the table into this Markdown file")
    parser.add_argument("pytest_args", nargs="*", help="passed to pytest after --")
    args = parser.parse_args()
    chosen = args.suite or list(SUITES)

    started = time.monotonic()
    code, figures = run_suites(args.profile, chosen, args.pytest_args)
    elapsed = time.monotonic() - started
    names = [SUITES[name][1] for name in chosen]
    rows: dict[str, dict[str, int]] = (figures or {}).get("suites", {})

    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    block = [
        f"Profile `{args.profile}`, {elapsed:.0f} s on {os.cpu_count()} cores, {stamp}.",
        "",
        *table(rows, names),
        "",
        *details((figures or {}).get("details", {})),
    ]
    print("\n" + "\n".join(block))

    problems = []
    if code != 0:
        problems.append(f"pytest exited {code}")
    problems += [f"{name}: did not run" for name in names if name not in rows]
    for name in names:
        for key in MUST_BE_ZERO:
            if rows.get(name, {}).get(key):
                problems.append(f"{name}: {rows[name][key]} {key}")
    if problems:
        print("\nRELIABILITY FAILED: " + "; ".join(problems))
        return 1
    if args.write_docs:
        write_docs(args.write_docs, block)
        print(f"\nwrote the table to {args.write_docs}")
    print("\nreliability: all suites passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
