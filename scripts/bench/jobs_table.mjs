// The jobs table in headless Chromium (Debian's, driven by the front end's playwright-core),
// against the stack that scripts/e2e_stack.py starts (TRACK_URL): jobs are seeded through the
// API for a fresh user, then
//   - time until 50 rows are rendered, against a static HTML page of the same 50 rows (the floor);
//   - with 500 jobs: time until all 500 rows are rendered, and every browser task longer than
//     100 ms (PerformanceObserver "longtask") while loading and while sorting by company;
//   - the board (/board) with the same 500 jobs: every task over 100 ms while it loads (until
//     its columns are drawn) and when a mouse drag starts (until the columns say where the card
//     may go).
// Run: flock /tmp/track-e2e.lock sh -c 'make frontend-build && CHROMIUM_PATH=/usr/bin/chromium
//        .venv/bin/python scripts/e2e_stack.py -- node scripts/bench/jobs_table.mjs'
// Prints one line per figure and a JSON line (BENCH-TABLE {...}).
import { launchChromium } from "../../tests/e2e/browser.mjs";

const BASE = process.env.TRACK_URL ?? process.env.BENCH_URL;
if (!BASE)
  throw new Error("TRACK_URL is not set; run through scripts/e2e_stack.py");
const RUNS = Number(process.env.BENCH_RUNS || 5);
const LONG_TASK_MS = 100;

async function api(method, path, body, token) {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: {
      "Content-Type": "application/json",
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path}: HTTP ${response.status}`);
  return response.json();
}

/** A user with `count` jobs: a third applied, a third with an interview ahead, the rest saved. */
async function seed(count) {
  const sub = `bench-table-${count}-${Date.now()}`;
  const { access_token: token } = await api("POST", "/api/auth/dev-token", {
    sub,
  });
  const ahead = new Date(Date.now() + 5 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  for (let i = 0; i < count; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, count - i) }, async (_, k) => {
        const n = i + k;
        const job = await api(
          "POST",
          "/api/tracked",
          {
            company: `Company ${String(n).padStart(3, "0")}`,
            title: "Software Engineer",
          },
          token,
        );
        if (n % 3 === 0) return;
        await api(
          "POST",
          `/api/tracked/${job.id}/events`,
          { event_type: "applied", event_date: "2026-01-05" },
          token,
        );
        if (n % 3 === 2) {
          await api(
            "POST",
            `/api/tracked/${job.id}/events`,
            { event_type: "screening", event_date: ahead },
            token,
          );
        }
      }),
    );
  }
  return { sub, token };
}

const browser = await launchChromium();

/** A fresh browser context (no cache) signed in as `user`, counting long tasks from the start. */
async function newContext(user) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
  });
  await context.addInitScript(
    ([session]) => {
      if (session) sessionStorage.setItem("track.auth.dev", session);
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries())
          window.__longTasks.push(Math.round(entry.duration));
      }).observe({ type: "longtask", buffered: true });
    },
    [user ? JSON.stringify({ sub: user.sub, token: user.token }) : null],
  );
  return context;
}

/** Milliseconds from navigation until `rows` table rows are in the DOM, and the long tasks. */
async function measure(open, rows, user, { sort = false } = {}) {
  const context = await newContext(user);
  const page = await context.newPage();
  await open(page);
  const handle = await page.waitForFunction(
    (n) =>
      document.querySelectorAll(".jobs-table tbody tr").length >= n &&
      performance.now(),
    rows,
    { timeout: 60_000 },
  );
  const elapsed = await handle.jsonValue();
  let sortMs = null;
  let loadTasks = null;
  if (sort) {
    await page.waitForTimeout(300);
    loadTasks = await page.evaluate(() => window.__longTasks.splice(0));
    sortMs = await page.evaluate(async () => {
      const button = [
        ...document.querySelectorAll(".jobs-table th button"),
      ].find((b) => b.textContent.startsWith("Company"));
      const t0 = performance.now();
      button.click();
      await new Promise((resolve) => {
        const check = () =>
          button.closest("th").getAttribute("aria-sort") === "ascending"
            ? resolve()
            : requestAnimationFrame(check);
        check();
      });
      await new Promise((resolve) =>
        requestAnimationFrame(() => setTimeout(resolve, 0)),
      );
      return performance.now() - t0;
    });
  }
  await page.waitForTimeout(200);
  const rest = await page.evaluate(() => window.__longTasks);
  await context.close();
  // With a sort: the load's tasks, then the sort's; without one, every task of the load.
  return sort
    ? {
        elapsed,
        loadTasks,
        sortTasks: rest,
        longTasks: [...loadTasks, ...rest],
        sortMs,
      }
    : { elapsed, loadTasks: rest, sortTasks: [], longTasks: rest, sortMs };
}

/** The board with `user`'s jobs: the long tasks while it loads (until the Saved column has drawn
 * its first cards), then those from a mouse press on a card until the columns show whether the
 * card may be dropped there (the drag has started and every column has answered). */
async function measureBoard(user, cards) {
  const context = await newContext(user);
  const page = await context.newPage();
  await page.goto(`${BASE}/board`);
  const saved = 'section.board-column[data-stage="saved"] li.board-card';
  const handle = await page.waitForFunction(
    ([selector, n]) =>
      document.querySelectorAll(selector).length >= n && performance.now(),
    [saved, cards],
    { timeout: 60_000 },
  );
  const elapsed = await handle.jsonValue();
  await page.waitForTimeout(500);
  const loadTasks = await page.evaluate(() => window.__longTasks.splice(0));
  // Pressed on the card's date line (not its link: a release there would open the job).
  const box = await page
    .locator(`${saved} .board-card-date`)
    .first()
    .boundingBox();
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.evaluate(() => window.__longTasks.splice(0));
  await page.mouse.down();
  await page.mouse.move(x + 10, y + 4, { steps: 3 });
  await page.waitForSelector(
    'section.board-column[data-stage="applied"][data-drop]',
    { timeout: 10_000 },
  );
  await page.waitForTimeout(300);
  const dragTasks = await page.evaluate(() => window.__longTasks.splice(0));
  // Released over its own column: no move.
  await page.mouse.up();
  await context.close();
  return { elapsed, loadTasks, dragTasks };
}

const staticTable = (n) => {
  const cells = (i) =>
    [
      `Company ${i}`,
      "Software Engineer",
      "Applied",
      "Applied 5 d ago",
      "Screening · Dec 3",
      "",
      "",
    ]
      .map((text) => `<td>${text}</td>`)
      .join("");
  const rows = Array.from({ length: n }, (_, i) => `<tr>${cells(i)}</tr>`).join(
    "",
  );
  return `data:text/html,${encodeURIComponent(`<!doctype html><html><body><table class="jobs-table"><tbody>${rows}</tbody></table></body></html>`)}`;
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const results = {};
try {
  // 50 jobs against the static floor.
  const fifty = await seed(50);
  await measure((p) => p.goto(BASE), 50, fifty); // warm the HTTP cache and the server; not counted
  const page50 = [];
  const floor50 = [];
  for (let i = 0; i < RUNS; i += 1) {
    page50.push((await measure((p) => p.goto(BASE), 50, fifty)).elapsed);
    floor50.push(
      (await measure((p) => p.goto(staticTable(50)), 50, null)).elapsed,
    );
  }
  results.rows50 = {
    page: median(page50),
    floor: median(floor50),
    ratio: median(page50) / median(floor50),
    perRun: page50.map((ms, i) => ms / floor50[i]),
  };
  console.log(
    `table, 50 jobs: ${results.rows50.page.toFixed(0)} ms to 50 rows; static floor ${results.rows50.floor.toFixed(0)} ms; ratio ${results.rows50.ratio.toFixed(2)}x (goal <= 2x; median of ${RUNS})`,
  );
  console.log(
    `table, 50 jobs, ratio per pair (page / static, same pair of loads): ${page50.map((ms, i) => (ms / floor50[i]).toFixed(2)).join(" ")}`,
  );

  // 500 jobs: every task under 100 ms while loading and while sorting?
  const many = await seed(500);
  await measure((p) => p.goto(BASE), 500, many);
  const runs500 = [];
  for (let i = 0; i < Math.max(3, Math.floor(RUNS / 2)); i += 1) {
    runs500.push(await measure((p) => p.goto(BASE), 500, many, { sort: true }));
  }
  const allTasks = runs500.flatMap((r) => r.longTasks);
  results.rows500 = {
    toRows: median(runs500.map((r) => r.elapsed)),
    sortMs: median(runs500.map((r) => r.sortMs)),
    longestTask: Math.max(0, ...allTasks),
    over100: allTasks.filter((d) => d > LONG_TASK_MS).length,
    runs: runs500.length,
    tasksPerLoad: runs500.map((r) => r.longTasks),
    // Per run: the longest task while loading, and from the sort's click to its rows.
    longestPerRun: runs500.map((r) => ({
      load: Math.max(0, ...r.loadTasks),
      sort: Math.max(0, ...r.sortTasks),
    })),
  };
  console.log(
    `table, 500 jobs, longest task per run (load / sort): ${results.rows500.longestPerRun.map((r) => `${r.load} / ${r.sort} ms`).join("; ")}`,
  );
  console.log(
    `table, 500 jobs: ${results.rows500.toRows.toFixed(0)} ms to 500 rows; sort by company ${results.rows500.sortMs.toFixed(0)} ms; longest task ${results.rows500.longestTask} ms; tasks over ${LONG_TASK_MS} ms: ${results.rows500.over100} in ${results.rows500.runs} loads`,
  );

  // The board with the same 500 jobs: a long task on load and at drag start?
  const boardRuns = [];
  await measureBoard(many, 25);
  for (let i = 0; i < Math.max(3, Math.floor(RUNS / 2)); i += 1) {
    boardRuns.push(await measureBoard(many, 25));
  }
  const loadTasks = boardRuns.flatMap((r) => r.loadTasks);
  const dragTasks = boardRuns.flatMap((r) => r.dragTasks);
  results.board500 = {
    toCards: median(boardRuns.map((r) => r.elapsed)),
    loadLongest: Math.max(0, ...loadTasks),
    loadOver100: loadTasks.filter((d) => d > LONG_TASK_MS).length,
    dragLongest: Math.max(0, ...dragTasks),
    dragOver100: dragTasks.filter((d) => d > LONG_TASK_MS).length,
    runs: boardRuns.length,
    loadTasksPerRun: boardRuns.map((r) => r.loadTasks),
    dragTasksPerRun: boardRuns.map((r) => r.dragTasks),
    longestPerRun: boardRuns.map((r) => ({
      load: Math.max(0, ...r.loadTasks),
      drag: Math.max(0, ...r.dragTasks),
    })),
  };
  const b = results.board500;
  console.log(
    `board, 500 jobs, longest task per run (load / drag start): ${b.longestPerRun.map((r) => `${r.load} / ${r.drag} ms`).join("; ")}`,
  );
  console.log(
    `board, 500 jobs: ${b.toCards.toFixed(0)} ms to its cards; load: longest task ${b.loadLongest} ms, ${b.loadOver100} over ${LONG_TASK_MS} ms; drag start: longest task ${b.dragLongest} ms, ${b.dragOver100} over ${LONG_TASK_MS} ms (${b.runs} runs)`,
  );
} finally {
  await browser.close();
}
console.log(`BENCH-TABLE ${JSON.stringify(results)}`);
