"""The Track page's weight (gzipped JS and CSS of frontend/dist, built with
`make frontend-build`) and its time to first render with 50 tracked jobs in headless Chromium,
against the same browser rendering a static page with 50 rows."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bench.common import (
    DEV_SECRET,
    LIST_EVENTS,
    ROOT,
    Database,
    Row,
    connect,
    emit_rows,
    env_int,
    median,
    ratio_row,
    seed_jobs,
)
from bench.load import serve

DIST = ROOT / "frontend" / "dist"
PAGE_USER = "bench-page"
JS_GOAL_BYTES = 110 * 1000


def make_target_exists(target: str) -> bool:
    probe = subprocess.run(
        ["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return probe.returncode == 0


def make(target: str) -> bool:
    result = subprocess.run(["make", target], cwd=ROOT, stdout=sys.stderr, check=False)
    return result.returncode == 0


def gzipped(paths: list[Path]) -> int:
    return sum(len(gzip.compress(p.read_bytes(), compresslevel=9)) for p in paths)


def weight_rows() -> list[Row]:
    if not make_target_exists("frontend-build"):
        return [Row("page", "page weight", "pending: no `make frontend-build` yet")]
    if not make("frontend-build"):
        return [Row("page", "page weight", "`make frontend-build` failed", met=False)]
    js = sorted(DIST.rglob("*.js"))
    css = sorted(DIST.rglob("*.css"))
    first = first_screen_js()
    first_bytes = gzipped(first)
    return [
        Row(
            "page",
            f"first-screen JS, gzipped ({len(first)} files: the entry, the app shell and their static imports)",
            f"{first_bytes / 1000:.1f} KB",
            goal="<= 110 KB",
            met=first_bytes <= JS_GOAL_BYTES,
        ),
        Row(
            "page",
            f"all JS incl. lazy views, gzipped ({len(js)} files)",
            f"{gzipped(js) / 1000:.1f} KB",
        ),
        Row("page", f"CSS, gzipped ({len(css)} files)", f"{gzipped(css) / 1000:.1f} KB"),
    ]


APP_SHELL = "src/app/App.tsx"


def long_tasks_row(figure: str, longest_ms: float, over: int) -> Row:
    """A page row whose goal is no browser task over 100 ms."""
    return Row(
        "page",
        figure,
        f"{longest_ms:.0f} ms, {over} over 100 ms",
        goal="none over 100 ms",
        met=over == 0,
    )


def first_screen_js() -> list[Path]:
    """What loads before anything renders: the entry chunk, the app shell it imports at start
    (`APP_SHELL`, its own chunk so it is evaluated in a task of its own) and every chunk they
    import statically, from Vite's manifest (as `npm run size` counts it); lazy views are not
    in it."""
    manifest = json.loads((DIST / ".vite" / "manifest.json").read_text(encoding="utf-8"))
    entry = next(key for key, chunk in manifest.items() if chunk.get("isEntry"))
    seen: list[str] = []
    pending = [entry]
    while pending:
        key = pending.pop()
        if key in seen:
            continue
        seen.append(key)
        pending.extend(manifest[key].get("imports", []))
        pending.extend(k for k in manifest[key].get("dynamicImports", []) if k == APP_SHELL)
    return [DIST / manifest[key]["file"] for key in seen]


def render_rows(database: Database) -> list[Row]:
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not Path(chromium).exists() and make_target_exists("chromium"):
        make("chromium")
    playwright = ROOT / "frontend" / "node_modules" / "playwright-core"
    if not Path(chromium).exists() or not playwright.is_dir() or not (DIST / "index.html").exists():
        return [Row("page", "first render, 50 jobs", "pending: needs chromium, playwright-core")]

    raw = connect(database)
    with raw.cursor() as cursor:
        seed_jobs(cursor, user_id=PAGE_USER, jobs=50, event_types=LIST_EVENTS)
    raw.commit()
    raw.close()

    from jobtrack.auth.tokens import issue_dev_token
    from jobtrack.platform.settings import Settings

    token = issue_dev_token(sub=PAGE_USER, settings=Settings(dev_jwt_secret=DEV_SECRET))
    env = {**os.environ, "FRONTEND_DIST": str(DIST), "DB_POOL_SIZE": "5"}
    runs = env_int("BENCH_RENDER_RUNS", 7)
    with serve(["jobtrack.main:create_app", "--factory"], env) as base:
        result = subprocess.run(
            ["node", str(Path(__file__).with_name("first_render.mjs"))],
            env={
                **env,
                "BENCH_URL": f"{base}/",
                "BENCH_SUB": PAGE_USER,
                "BENCH_TOKEN": token,
                "BENCH_JOBS": "50",
                "BENCH_RUNS": str(runs),
                "CHROMIUM_PATH": chromium,
            },
            capture_output=True,
            text=True,
            check=False,
        )
        # The jobs table on its own user: 50 rows against a static table of the same rows, and
        # 500 jobs with every browser task over 100 ms counted (loading, then a sort); the board
        # with those 500 jobs (loading, then a drag start).
        table = subprocess.run(
            ["node", str(Path(__file__).with_name("jobs_table.mjs"))],
            env={**env, "BENCH_URL": base, "BENCH_RUNS": str(runs), "CHROMIUM_PATH": chromium},
            capture_output=True,
            text=True,
            check=False,
        )
    line = next((x for x in result.stdout.splitlines() if x.startswith("BENCH-RENDER ")), None)
    if result.returncode != 0 or line is None:
        print(result.stderr, file=sys.stderr)
        return [Row("page", "first render, 50 jobs", "failed (see stderr)", met=False)]
    data = json.loads(line[len("BENCH-RENDER ") :])
    rows = [
        ratio_row(
            "page",
            f"first render, 50 jobs x 6 events (median of {runs}; floor: static 50 rows)",
            median(data["page"]) / 1000,
            median(data["floor"]) / 1000,
            goal=None,
        )
    ]
    return rows + table_rows(table)


def table_rows(result: subprocess.CompletedProcess[str]) -> list[Row]:
    line = next((x for x in result.stdout.splitlines() if x.startswith("BENCH-TABLE ")), None)
    if result.returncode != 0 or line is None:
        print(result.stderr, file=sys.stderr)
        return [Row("page", "jobs table, 50 and 500 jobs", "failed (see stderr)", met=False)]
    data = json.loads(line[len("BENCH-TABLE ") :])
    fifty, many, board = data["rows50"], data["rows500"], data["board500"]
    return [
        ratio_row(
            "page",
            "jobs table: 50 rows on screen (floor: the same rows as static HTML)",
            fifty["page"] / 1000,
            fifty["floor"] / 1000,
            goal=2,
        ),
        long_tasks_row(
            f"jobs table, 500 jobs: longest browser task (load + sort, {many['runs']} loads)",
            many["longestTask"],
            many["over100"],
        ),
        long_tasks_row(
            f"board, 500 jobs: longest browser task on load ({board['runs']} loads)",
            board["loadLongest"],
            board["loadOver100"],
        ),
        long_tasks_row(
            f"board, 500 jobs: longest browser task at drag start ({board['runs']} drags)",
            board["dragLongest"],
            board["dragOver100"],
        ),
    ]


def main() -> None:
    database = Database(os.environ["DATABASE_URL"])
    if shutil.which("node") is None:
        emit_rows([Row("page", "page weight and first render", "pending: no node")])
        return
    emit_rows(weight_rows() + render_rows(database))


if __name__ == "__main__":
    main()
