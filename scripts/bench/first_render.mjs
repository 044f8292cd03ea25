// `make bench`'s page figure: time to first render of the Track page with N tracked jobs, in
// headless Chromium (Debian's) driven by the front end's playwright-core. Prints one JSON line.
// Env: BENCH_URL, BENCH_SUB, BENCH_TOKEN, BENCH_JOBS, BENCH_RUNS, CHROMIUM_PATH.
import { launchChromium } from "../../tests/e2e/browser.mjs";

const url = process.env.BENCH_URL;
const expected = Number(process.env.BENCH_JOBS || 50);
const runs = Number(process.env.BENCH_RUNS || 7);
const session = JSON.stringify({ sub: process.env.BENCH_SUB, token: process.env.BENCH_TOKEN });

const browser = await launchChromium();

// Milliseconds from navigation start until `expected` job rows are in the DOM.
async function measure(open) {
  const context = await browser.newContext();
  await context.addInitScript((value) => sessionStorage.setItem("track.auth.dev", value), session);
  const page = await context.newPage();
  await open(page);
  const handle = await page.waitForFunction(
    (n) => document.querySelectorAll(".jobs-table tbody tr").length >= n && performance.now(),
    expected,
    { timeout: 30000 },
  );
  const elapsed = await handle.jsonValue();
  await context.close();
  return elapsed;
}

// The floor: the same table (seven cells a row) as static HTML.
const cells = (i) =>
  [`Company ${i}`, "Engineer", "Applied", "Applied 5 d ago", "Interview · Dec 3", "100k", "Remote"]
    .map((text) => `<td>${text}</td>`)
    .join("");
const items = Array.from({ length: expected }, (_, i) => `<tr>${cells(i)}</tr>`);
const staticPage = `<!doctype html><html><body><table class="jobs-table"><tbody>${items.join("")}</tbody></table></body></html>`;
const page = [];
const floor = [];
await measure((p) => p.goto(url)); // warm the HTTP cache and the server; not counted
for (let i = 0; i < runs; i += 1) {
  page.push(await measure((p) => p.goto(url)));
  floor.push(await measure((p) => p.goto(`data:text/html,${encodeURIComponent(staticPage)}`)));
}
await browser.close();
console.log(`BENCH-RENDER ${JSON.stringify({ page, floor })}`);
