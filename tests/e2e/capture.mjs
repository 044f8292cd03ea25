// The bookmarklet in real headless Chromium, against the real stack scripts/e2e_stack.py starts
// (TRACK_URL): read the bookmarklet from Settings, open a hand-written posting page served from
// ANOTHER origin with a strict CSP (no requests to any host), click the bookmarklet there, and
// in the /capture window it opens see the prefilled form and the description, save, and find the
// job with its posting in Track; then capture again and see the duplicate warning. Screenshots
// of /capture at 1280 and 375 px go to artifacts/e2e/.
//
// Clicking the bookmarklet: Playwright cannot click the browser's own bookmarks bar, so the step
// adds a link with the bookmarklet's very href to the posting page and clicks it. That is what a
// bookmark click does (the javascript: URL runs in the page, with a user gesture, so the popup
// is allowed), and unlike page.evaluate it goes through the page's CSP as a navigation to a
// javascript: URL would; the CSP allows inline script ('unsafe-inline', which javascript: URLs
// need) and nothing else, so any request the bookmarklet made to Track would fail here.
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { apiAs, assert, BASE, checkA11y, DESKTOP, journeyHarness, launchChromium, PHONE, SHOTS, signIn, TIMEOUT } from "./env.mjs";

const started = Date.now();
const { run, step, watch } = journeyHarness("capture-failure.png");
const { consoleErrors } = run;
const here = path.dirname(fileURLToPath(import.meta.url));
const POSTING = readFileSync(path.join(here, "fixtures/posting.html"));
const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'";

// The posting's site: 127.0.0.1 on a port of its own, so another origin than Track's.
const site = http.createServer((req, res) => {
  if (req.url?.startsWith("/jobs/senior-data-engineer")) {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": CSP });
    res.end(POSTING);
  } else {
    res.writeHead(404, { "Content-Security-Policy": CSP });
    res.end();
  }
});
await new Promise((resolve) => site.listen(0, "127.0.0.1", resolve));
const SITE = `http://127.0.0.1:${site.address().port}`;
const POSTING_URL = `${SITE}/jobs/senior-data-engineer?utm_source=newsletter`;
assert(new URL(SITE).origin !== new URL(BASE).origin, "the posting is on another origin");

let page;
const shot = (p, name) => p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

const browser = await launchChromium();
const context = await browser.newContext({ viewport: DESKTOP });
context.setDefaultTimeout(TIMEOUT);
page = await context.newPage();
run.page = page;
watch(page);

/** On the posting page, click the bookmarklet (see the note at the top); the /capture window. */
async function clickBookmarklet(href) {
  await page.goto(POSTING_URL);
  await page.getByRole("heading", { name: "Senior Data Engineer" }).waitFor();
  await page.evaluate((code) => {
    const link = document.createElement("a");
    link.id = "bookmarklet";
    link.textContent = "Save to Track";
    link.href = code;
    document.body.append(link);
  }, href);
  const [popup] = await Promise.all([context.waitForEvent("page"), page.click("#bookmarklet")]);
  watch(popup);
  run.page = popup;
  await popup.waitForLoadState();
  assert(new URL(popup.url()).origin === new URL(BASE).origin, `the window is Track's: ${popup.url()}`);
  assert(new URL(popup.url()).pathname === "/capture", `at ${popup.url()}`);
  return popup;
}

async function signInIfAsked(popup) {
  const continueAs = popup.getByLabel("Continue as");
  const shell = popup.getByRole("heading", { name: "Save a posting" });
  await Promise.race([continueAs.waitFor(), shell.waitFor()]);
  if (await continueAs.isVisible()) {
    run.notes.push("the /capture window asked to sign in; the posting was kept across it");
    await continueAs.fill("cora");
    await popup.getByRole("button", { name: "Continue" }).click();
  }
}

try {
  let href;
  let jobId;
  await step("sign in; Settings offers the bookmarklet made for this Track", async () => {
    await page.goto(BASE);
    await signIn(page, "cora");
    await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Settings" }).click();
    const link = page.getByRole("link", { name: "Save to Track" });
    await link.waitFor();
    href = await link.getAttribute("href");
    assert(href?.startsWith("javascript:"), `a javascript: link: ${href?.slice(0, 40)}`);
    const code = decodeURIComponent(href.slice("javascript:".length));
    assert(code.includes(JSON.stringify(new URL(BASE).origin)), "made for Track's own origin");
    assert(!/Bearer|token/i.test(code), "no token in the bookmarklet");
    await page.getByText("Drag this to your bookmarks bar.").waitFor();
    await checkA11y(page, "Settings with the bookmarklet");
  });

  let popup;
  await step("click it on a posting served from another origin under a strict CSP", async () => {
    popup = await clickBookmarklet(href);
    await signInIfAsked(popup);
    await popup.getByRole("heading", { name: "Save a posting" }).waitFor();
    const form = popup.getByRole("form", { name: "Track this posting" });
    await form.waitFor();
    const value = (label) => form.getByLabel(label, { exact: false }).first().inputValue();
    assert((await value("Company")) === "Northwind Analytics", `company: ${await value("Company")}`);
    assert((await value("Job title")) === "Senior Data Engineer", `title: ${await value("Job title")}`);
    const url = await value("Posting URL");
    assert(!url.includes("utm_source"), `the canonical URL: ${url}`);
    await popup.getByText("Design streaming pipelines for sensor data").waitFor();
    await popup.getByText("€65,000–€80,000 per year").waitFor();
    await popup.getByText("Apply by").waitFor();
    assert((await popup.locator("main img, main script").count()) === 0, "no script or picture of the description");
    assert(!(await popup.evaluate(() => "pwned" in window)), "nothing of the description ran");
    assert((await popup.getByRole("navigation", { name: "Views" }).count()) === 0, "the window shows the capture alone");
    await checkA11y(popup, "the /capture window");
    await popup.setViewportSize(DESKTOP);
    await shot(popup, "capture-01-form-1280");
    await popup.setViewportSize(PHONE);
    const overflow = await popup.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `/capture is ${overflow}px wider than a 375px screen`);
    await shot(popup, "capture-02-form-375");
  });

  await step("save with one click, then open the job in Track: its posting is there", async () => {
    await popup.getByRole("button", { name: "Track this job" }).click();
    await popup.getByRole("heading", { name: /Saved to Track/ }).waitFor();
    await shot(popup, "capture-03-saved-1280");
    await popup.getByRole("link", { name: "Open in Track" }).click();
    await popup.waitForURL(/\/jobs\/\d+$/);
    jobId = Number(new URL(popup.url()).pathname.split("/").at(-1));
    const posting = popup.getByRole("region", { name: "Posting" });
    await posting.getByText("Northwind Analytics builds forecasting tools").first().waitFor();
    await posting.getByRole("button", { name: "Show full description" }).click();
    await posting.getByRole("link", { name: "Read the FAQ" }).waitFor();
    const job = await apiAs(popup, "GET", `/api/tracked/${jobId}`);
    assert(job.company === "Northwind Analytics", `company ${job.company}`);
    assert(job.posting?.description_text?.includes("Own our warehouse models"), "the description is stored");
    assert(job.posting?.valid_through === "2027-01-15", `apply by ${job.posting?.valid_through}`);
    assert(job.posting?.employment_type === "FULL_TIME", `type ${job.posting?.employment_type}`);
    await checkA11y(popup, "the job view with its posting");
    await popup.close();
  });

  await step("capture the same posting again: the duplicate is said before saving", async () => {
    run.page = page;
    const again = await clickBookmarklet(href);
    await signInIfAsked(again);
    await again.getByText("You already track this job").waitFor();
    const open = again.getByRole("link", { name: /open it/ });
    assert((await open.getAttribute("href")) === `/jobs/${jobId}`, "the warning links the tracked job");
    await again.getByRole("button", { name: "Track it anyway" }).waitFor();
    await checkA11y(again, "the /capture window with a duplicate");
    await again.setViewportSize(DESKTOP);
    await shot(again, "capture-04-duplicate-1280");
    await again.setViewportSize(PHONE);
    await shot(again, "capture-05-duplicate-375");
    await again.close();
  });

  assert(consoleErrors.length === 0, `console errors:\n  ${consoleErrors.join("\n  ")}`);
  for (const note of run.notes) console.log(`  note: ${note}`);
} finally {
  await browser.close();
  site.close();
}

console.log(`e2e capture passed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in artifacts/e2e/`);
