// What every browser journey shares: the repository root, playwright-core (a dev dependency of
// the front end, resolved from there), the stack's URL from scripts/e2e_stack.py (TRACK_URL),
// the screenshot folder and the two viewport sizes.
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import path from "node:path";

import { ROOT } from "./browser.mjs";

export { chromium, launchChromium, ROOT } from "./browser.mjs";

export const BASE = process.env.TRACK_URL;
if (!BASE) throw new Error("TRACK_URL is not set; run through scripts/e2e_stack.py");
export const SHOTS = path.join(ROOT, "artifacts/e2e");
mkdirSync(SHOTS, { recursive: true });
export const TIMEOUT = 10_000;
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 800 };

// axe-core (a dev dependency of the front end) scans the page as it is: `checkA11y(page, "jobs
// table")` throws on any serious or critical violation (WCAG 2.1 A/AA rules), naming each rule and
// the first elements it found. Colour contrast is checked too, in whichever scheme the page runs.
const AXE_SOURCE = (await import("node:fs")).readFileSync(
  createRequire(path.join(ROOT, "frontend/package.json")).resolve("axe-core/axe.min.js"),
  "utf8",
);

export async function checkA11y(page, label, { include } = {}) {
  // Evaluated through the DevTools protocol, not as a <script> tag: the page's CSP (rightly)
  // refuses inline scripts.
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE_SOURCE);
  // Let finite animations end first (a toast fading in): axe measures the colours on screen, and
  // half-way through a fade its text has less contrast than it will have a moment later.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
  const result = await page.evaluate(async (include) => {
    // eslint-disable-next-line no-undef
    const found = await axe.run(include ?? document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return found.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  }, include ?? null);
  if (result.length) throw new Error(`axe found problems on ${label}:\n  ${result.join("\n  ")}`);
  return result.length;
}

/** Polls `check` (every 50 ms) until it returns something truthy, and returns that. For what the
 * page draws in steps or in a transition: wait for the thing itself, not a sign that came first. */
export async function waitUntil(check, what, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await check();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last})`);
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

const pad = (n) => String(n).padStart(2, "0");
/** The local date `days` from today (negative: in the past), as the page computes it. */
export function localDate(days = 0) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The dev token of the user signed in on `page`, to drive the API behind the page's back. */
export const devToken = (page) =>
  page.evaluate(() => JSON.parse(sessionStorage.getItem("track.auth.dev")).token);

/** A request to the API as the user signed in on `page`; throws on any answer but 2xx. */
export async function apiAs(page, method, url, body) {
  const auth = await devToken(page);
  const response = await fetch(`${BASE}${url}`, {
    method,
    headers: { Authorization: `Bearer ${auth}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url}: HTTP ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

/** Dev sign-in as `name`; resolves once the signed-in shell (its "Views" navigation) is up. */
export async function signIn(page, name) {
  await page.getByLabel("Continue as").fill(name);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("navigation", { name: "Views" }).waitFor();
}

// What runs each journey: `step(name, fn)` times a step, names it in a failure and keeps a
// full-page screenshot of `run.page` as `failureShot`; `watch(page)` fails the run on any page
// error or console error (`run.consoleErrors`), except a missing /config.json (a note: the page
// falls back to dev sign-in) and HTTP errors during a step run with `expectHttpErrors` (one that
// makes a request fail on purpose).
export function journeyHarness(failureShot) {
  const run = {
    page: null,
    current: "start",
    httpErrorsExpected: false,
    steps: [],
    consoleErrors: [],
    notes: [],
  };
  async function step(name, fn, { expectHttpErrors = false } = {}) {
    const t0 = Date.now();
    run.current = name;
    run.httpErrorsExpected = expectHttpErrors;
    try {
      await fn();
    } catch (err) {
      await run.page
        ?.screenshot({ path: path.join(SHOTS, failureShot), fullPage: true })
        .catch(() => {});
      err.message = `step "${name}": ${err.message}`;
      throw err;
    }
    run.steps.push(name);
    console.log(`  ok  ${name} (${Date.now() - t0} ms)`);
  }
  function watch(page) {
    page.on("pageerror", (err) => run.consoleErrors.push(`[${run.current}] page error: ${err}`));
    page.on("console", (msg) => {
      if (msg.type() !== "error") return;
      const where = msg.location()?.url ?? "";
      const text = msg.text();
      const isHttp = text.startsWith("Failed to load resource");
      if (isHttp && where.endsWith("/config.json")) {
        run.notes.push(`${new URL(where).pathname} is not served here (404): the page falls back to dev sign-in`);
        return;
      }
      if (isHttp && run.httpErrorsExpected) return;
      run.consoleErrors.push(`[${run.current}] ${text} (${where})`);
    });
  }
  return { run, step, watch };
}
