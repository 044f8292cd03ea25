// Insights, follow-ups, export and import in real headless Chromium, against the real stack
// that scripts/e2e_stack.py starts (TRACK_URL): import a 30-row CSV with a column and status
// mapping, see the jobs in the list, export them (a real download), and check the insights
// funnel. Screenshots of /insights and /settings at 1280x800 and 375 px go to artifacts/e2e/.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { assert, BASE, DESKTOP, journeyHarness, PHONE, SHOTS, signIn, TIMEOUT, launchChromium, waitUntil } from "./env.mjs";

const started = Date.now();
const { run, step, watch } = journeyHarness("insights-failure.png");
const { consoleErrors } = run;
let page;

const shot = (name, { fullPage = true } = {}) =>
  page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });

const pad = (n) => String(n).padStart(2, "0");
const isoDaysAgo = (days) => {
  const d = new Date(Date.now() - days * 86_400_000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

// 30 rows: 10 Applied, 6 Phone screen, 5 Interviewing, 2 Offer, 1 Accepted, 4 Ghosted,
// 2 Wishlist. Funnel: applied 28 (all but the wishlist), screening 14, interview 8,
// reference 3, offer 3, accepted 1.
const STATUSES = [
  ...Array(10).fill("Applied"),
  ...Array(6).fill("Phone screen"),
  ...Array(5).fill("Interviewing"),
  ...Array(2).fill("Offer"),
  "Accepted",
  ...Array(4).fill("Ghosted"),
  ...Array(2).fill("Wishlist"),
];
const EXPECTED_FUNNEL = { applied: 28, screening: 14, interview: 8, reference: 3, offer: 3, accepted: 1 };
const csvCell = (v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const CSV = [
  "Employer,Position,Link,Current status,Applied on,Salary,Where,Comments",
  ...STATUSES.map((status, i) =>
    [
      `Company ${pad(i + 1)}`,
      i % 2 ? "Backend Engineer" : "Data Engineer",
      `https://jobs.example/${i + 1}`,
      status,
      isoDaysAgo(20 + i),
      i % 3 ? "" : "€70,000",
      i % 4 ? "Berlin" : "Remote",
      i === 0 ? 'Said "call me", then nothing' : "",
    ]
      .map(csvCell)
      .join(","),
  ),
].join("\n");

const browser = await launchChromium();
const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
context.setDefaultTimeout(TIMEOUT);
page = await context.newPage();
run.page = page;
watch(page);

const tmp = mkdtempSync(path.join(tmpdir(), "track-insights-"));
const csvPath = path.join(tmp, "applications.csv");
writeFileSync(csvPath, CSV);

try {
  await step("sign in; insights with no jobs say what will appear", async () => {
    await page.goto(BASE);
    await signIn(page, "carol");
    await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Insights" }).click();
    await page.getByText("Nothing to measure yet.").waitFor();
    await shot("insights-01-empty");
  });

  await step("import a 30-row CSV: mapping, status mapping, preview, import", async () => {
    await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Settings" }).click();
    await page.getByLabel("Choose a file to import").setInputFiles(csvPath);
    await page.getByText("30 rows, 8 columns").waitFor();
    assert((await page.getByLabel("Company (required)").inputValue()) === "Employer", "company guessed");
    assert((await page.getByLabel("Job title (required)").inputValue()) === "Position", "title guessed");
    assert((await page.getByLabel("Status").inputValue()) === "", "status not guessed from 'Current status'");
    await page.getByLabel("Status").selectOption("Current status");
    await page.getByLabel("“Phone screen” means").waitFor();
    assert((await page.getByLabel("“Phone screen” means").inputValue()) === "screening", "phone screen → screening");
    assert((await page.getByLabel("“Ghosted” means").inputValue()) === "rejected", "ghosted → rejected");
    assert((await page.getByLabel("“Wishlist” means").inputValue()) === "saved", "wishlist → saved");
    await shot("settings-01-mapping-1280");
    await page.setViewportSize(PHONE);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `settings is ${overflow}px wider than a 375px screen`);
    await shot("settings-02-mapping-375");
    await page.setViewportSize(DESKTOP);
    await page.getByRole("button", { name: "Check the import" }).click();
    await page.getByText("30 jobs will be created, 0 skipped as duplicates of jobs you already have.").waitFor();
    await shot("settings-03-preview-1280");
    await page.getByRole("button", { name: "Import 30 jobs" }).click();
    await page.getByText("30 jobs created, 0 skipped as duplicates.").waitFor();
    const progress = await page.locator("progress").evaluate((el) => [el.value, el.max]);
    assert(progress[0] === 30 && progress[1] === 30, `progress ${progress}`);
    await shot("settings-04-done-1280");
  });

  await step("the jobs are in the list, with follow-ups", async () => {
    await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Jobs" }).click();
    // Wait for the rows, not the first of them: the list is drawn as the pages arrive.
    const listed = page.getByRole("link", { name: /Company \d\d/ });
    await waitUntil(async () => (await listed.count()) === 30, "30 jobs listed");
    // The reminders are one folded line above the table ("Coming up: ... 23 to follow up").
    await page.locator(".coming-up-strip summary").getByText("23 to follow up").waitFor();
    await page.locator(".coming-up-strip summary").click();
    await page.getByRole("heading", { name: /Follow up/ }).waitFor();
    // 23 jobs at applied..offer, oldest first; three show until "Show all".
    await page.getByRole("heading", { name: "Follow up (23)" }).waitFor();
    await page.getByText("No news from Company 23 for 42 days").waitFor();
    assert(!(await page.getByText("No news from Company 01 for 20 days").isVisible()), "compact");
    await page.getByRole("link", { name: /Company 07/ }).scrollIntoViewIfNeeded();
    await page.locator(".follow-ups").scrollIntoViewIfNeeded();
    await shot("jobs-follow-ups-1280", { fullPage: false });
    await page.getByRole("button", { name: "Show all 23" }).click();
    await page.getByText("No news from Company 01 for 20 days").waitFor();
    await page.getByRole("button", { name: "Show fewer" }).click();
  });

  await step("export: a real download of all 30 jobs", async () => {
    await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Settings" }).click();
    const [file] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download JSON" }).click(),
    ]);
    assert(/^track-export-\d{4}-\d{2}-\d{2}\.json$/.test(file.suggestedFilename()), file.suggestedFilename());
    const doc = JSON.parse(readFileSync(await file.path(), "utf8"));
    assert(doc.format === "track-export" && doc.version === 1, "an export document");
    assert(doc.jobs.length === 30, `${doc.jobs.length} jobs exported`);
    const first = doc.jobs.find((j) => j.company === "Company 01");
    assert(first.notes.general_note === 'Said "call me", then nothing', "notes kept");
    assert(first.notes.salary === "€70,000", "salary kept");
    const accepted = doc.jobs.find((j) => j.company === "Company 24");
    assert(accepted.events.map((e) => e.event_type).join() === "applied,offer,accepted", "accepted history");
    const ghosted = doc.jobs.find((j) => j.company === "Company 25");
    assert(ghosted.events.at(-1).note.reason === "ghosted", "rejection reason from the word");
    await page.getByText("Exported 30 jobs.").waitFor();
    await page.setViewportSize(PHONE);
    await shot("settings-05-375");
    await page.setViewportSize(DESKTOP);
  });

  await step("insights: the funnel numbers", async () => {
    await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Insights" }).click();
    await page.getByText("30 jobs tracked, all time.").waitFor();
    for (const [stage, reached] of Object.entries(EXPECTED_FUNNEL)) {
      const count = await page.locator(`.funnel-row[data-stage="${stage}"] .funnel-count`).innerText();
      assert(Number(count) === reached, `${stage}: ${count}, expected ${reached}`);
    }
    await page.getByText("50% of applied reached screening").waitFor();
    // Responded: every applied job with a later reply: 28 - 10 still at applied - 4 ghosted
    // (a rejection for "no response" is no reply) = 14, 14 / 28.
    const rate = await page.getByTestId("response-rate").innerText();
    assert(rate === "50%", `response rate ${rate}`);
    await shot("insights-02-1280");
    await page.setViewportSize(PHONE);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `insights is ${overflow}px wider than a 375px screen`);
    await shot("insights-03-375");
    await page.setViewportSize(DESKTOP);
  });

  assert(consoleErrors.length === 0, `console errors:\n  ${consoleErrors.join("\n  ")}`);
} finally {
  await browser.close();
}

console.log(`e2e insights passed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in artifacts/e2e/`);
