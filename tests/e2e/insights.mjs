// Insights, follow-ups, export and import in real headless Chromium, against the real stack
// that scripts/e2e_stack.py starts (TRACK_URL): import a messy 30-row CSV with a column, date
// order and status mapping, dates picked in the preview, see the jobs in the list, export them (a real download), and check the insights
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

// A messy 30-row sheet, as people keep them. Company NN is row i = NN - 1 (spreadsheet row i + 2):
//   i 0-7 Applied, 8-12 Phone Screen, 13-17 Interviewing, 18-19 Offer, 20-23 Rejected,
//   24-27 Ghosted, 28-29 Withdrawn.
// Applied 20 + i days ago, written by i % 5 as: ISO, "Oct 5, 2026", "5 Oct 2026", 05/10/2026 (day
// first: the test chooses it) and a spreadsheet serial number; except i = 2 (empty: the test
// picks 22 days ago), i = 14 (unreadable "n/a": the test picks 34 days ago), i = 21 (empty: the
// test leaves it out) and i = 5 (ten days ahead: a warning, still imported). Every third link
// (i % 3 === 0) has no scheme and becomes https://.
//
// By hand, 29 jobs (row 23, a rejection, left out), each with one dated applied step and the
// steps to its status inferred (no date):
//   by stage: applied 8, screening 5, interview 5, offer 2, rejected 3 + 4 ghosted = 7, withdrawn 2.
//   funnel: applied 29; screening 5 + 5 + 2 = 12; interview 5 + 2 = 7; reference 2; offer 2;
//     accepted 0.
//   responded (a reply after applied; ghosted and withdrawn are none): 5 + 5 + 2 + 3 = 15 of 29
//     = 51.7 % → "52%".
//   median days to a response: every reply is inferred, so none is timed → none ("—").
//   follow-ups: jobs at applied..offer (8 + 5 + 5 + 2 = 20) whose latest known date (applied)
//     is 14+ days ago: all but i = 5 (ahead) → 19; oldest Company 20 (i = 19, 39 days).
// Before inferred steps (the old import: unreadable or empty dates became today, month names and
// serials were unreadable, undated rejections had no applied step, scheme-less links were
// dropped): every step on its applied day → median days to a response "0 days", and the 12 rows
// with a month name or a serial (plus the 3 empty or unreadable) dated today, out of follow-ups.
const STATUSES = [
  ...Array(8).fill("Applied"),
  ...Array(5).fill("Phone Screen"),
  ...Array(5).fill("Interviewing"),
  ...Array(2).fill("Offer"),
  ...Array(4).fill("Rejected"),
  ...Array(4).fill("Ghosted"),
  ...Array(2).fill("Withdrawn"),
];
const EXPECTED_FUNNEL = { applied: 29, screening: 12, interview: 7, reference: 2, offer: 2, accepted: 0 };
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const localDaysAgo = (days) => new Date(Date.now() - days * 86_400_000);
const sheetDate = (i) => {
  if (i === 2 || i === 21) return "";
  if (i === 14) return "n/a";
  const days = i === 5 ? -10 : 20 + i;
  const d = localDaysAgo(days);
  const [y, m, day] = [d.getFullYear(), d.getMonth(), d.getDate()];
  switch (i % 5) {
    case 0: return isoDaysAgo(days);
    case 1: return `${MONTHS[m]} ${day}, ${y}`;
    case 2: return `${day} ${MONTHS[m]} ${y}`;
    case 3: return `${pad(day)}/${pad(m + 1)}/${y}`;
    default: return String(Date.UTC(y, m, day) / 86_400_000 + 25_569); // Excel serial
  }
};
const csvCell = (v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const CSV = [
  "Employer,Position,Link,Current status,Applied on,Salary,Where,Comments",
  ...STATUSES.map((status, i) =>
    [
      `Company ${pad(i + 1)}`,
      i % 2 ? "Backend Engineer" : "Data Engineer",
      i % 3 ? `https://jobs.example/${i + 1}` : `jobs.example/${i + 1}`,
      status,
      sheetDate(i),
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

  await step("import a messy 30-row CSV: mapping, date order, preview, dates picked, import", async () => {
    await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Settings" }).click();
    await page.getByLabel("Choose a file to import").setInputFiles(csvPath);
    await page.getByText("30 rows, 8 columns").waitFor();
    assert((await page.getByLabel("Company (required)").inputValue()) === "Employer", "company guessed");
    assert((await page.getByLabel("Job title (required)").inputValue()) === "Position", "title guessed");
    assert((await page.getByLabel("Status").inputValue()) === "", "status not guessed from 'Current status'");
    await page.getByLabel("Status").selectOption("Current status");
    await page.getByLabel("“Phone Screen” means").waitFor();
    assert((await page.getByLabel("“Phone Screen” means").inputValue()) === "screening", "phone screen → screening");
    assert((await page.getByLabel("“Ghosted” means").inputValue()) === "rejected", "ghosted → rejected");
    assert((await page.getByLabel("“Withdrawn” means").inputValue()) === "withdrawn", "withdrawn → withdrawn");
    // The sheet writes 05/10/2026 day first: say so, whatever the browser's language preselected.
    await page.getByLabel("Dates in “Applied on”").selectOption("dmy");
    await page.getByText("You chose day first.").or(page.getByText(/Chosen from your browser’s language .*: day first/)).waitFor();
    await shot("settings-01-mapping-1280");
    await page.setViewportSize(PHONE);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `settings is ${overflow}px wider than a 375px screen`);
    await shot("settings-02-mapping-375");
    await page.setViewportSize(DESKTOP);
    await page.getByRole("button", { name: "Check the import" }).click();

    // Three rows wait for a date; nothing can be imported before they have one (or are left out).
    await page.getByText("3 rows have no date Track can read").waitFor();
    assert((await page.getByRole("button", { name: /^Import \d+ jobs?$/ }).count()) === 0, "no Import yet");
    await page.locator(".import-problems li", { hasText: "Row 2" }).filter({ hasText: "imported as https://jobs.example/1." }).waitFor();
    await page.locator(".import-problems li", { hasText: "Row 7" }).filter({ hasText: "is in the future" }).waitFor();
    const steps = (row) => page.locator(`.import-table tr[data-row="${row}"] .import-steps`).innerText();
    assert(/^Applied .+ → Interview \(date not known\)$/.test(await steps(15)), `row 15: ${await steps(15)}`);
    assert(/^Applied .+ → Rejected \(date not known\)$/.test(await steps(26)), `row 26: ${await steps(26)}`);
    assert(/^Applied .+ → Withdrawn \(date not known\)$/.test(await steps(30)), `row 30: ${await steps(30)}`);
    assert(!/Offer/.test(await steps(30)), "no invented offer");
    await shot("settings-03-preview-undated-1280");
    await page.getByLabel(/^Row 4: Company 03/).fill(isoDaysAgo(22));
    await page.getByLabel(/^Row 16: Company 15/).fill(isoDaysAgo(34));
    await page.getByLabel("Leave row 23 out").check();
    await page.getByRole("button", { name: "Use these dates" }).click();
    await page.getByText("29 jobs will be created, 0 skipped as duplicates of jobs you already have.").waitFor();
    assert(/^Applied .+ → Interview \(date not known\)$/.test(await steps(16)), `row 16: ${await steps(16)}`);
    await shot("settings-03-preview-1280");
    await page.getByRole("button", { name: "Import 29 jobs" }).click();
    await page.getByText("29 jobs created, 0 skipped as duplicates.").waitFor();
    const progress = await page.locator("progress").evaluate((el) => [el.value, el.max]);
    assert(progress[0] === 29 && progress[1] === 29, `progress ${progress}`);
    await shot("settings-04-done-1280");
  });

  await step("the jobs are in the list, with follow-ups", async () => {
    await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Jobs" }).click();
    // Wait for the rows, not the first of them: the list is drawn as the pages arrive.
    const listed = page.getByRole("link", { name: /Company \d\d/ });
    await waitUntil(async () => (await listed.count()) === 29, "29 jobs listed");
    // The reminders are one folded line above the table ("Coming up: ... 23 to follow up").
    await page.locator(".coming-up-strip summary").getByText("19 to follow up").waitFor();
    await page.locator(".coming-up-strip summary").click();
    await page.getByRole("heading", { name: /Follow up/ }).waitFor();
    // 19 jobs at applied..offer dated 14+ days ago, oldest first; three show until "Show all".
    await page.getByRole("heading", { name: "Follow up (19)" }).waitFor();
    await page.getByText("No news from Company 20 for 39 days").waitFor();
    assert(!(await page.getByText("No news from Company 01 for 20 days").isVisible()), "compact");
    await page.getByRole("link", { name: /Company 07/ }).scrollIntoViewIfNeeded();
    await page.locator(".follow-ups").scrollIntoViewIfNeeded();
    await shot("jobs-follow-ups-1280", { fullPage: false });
    await page.getByRole("button", { name: "Show all 19" }).click();
    await page.getByText("No news from Company 01 for 20 days").waitFor();
    await page.getByRole("button", { name: "Show fewer" }).click();
  });

  await step("export: a real download of all 29 jobs", async () => {
    await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Settings" }).click();
    const [file] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download JSON" }).click(),
    ]);
    assert(/^track-export-\d{4}-\d{2}-\d{2}\.json$/.test(file.suggestedFilename()), file.suggestedFilename());
    const doc = JSON.parse(readFileSync(await file.path(), "utf8"));
    assert(doc.format === "track-export" && doc.version === 1, "an export document");
    assert(doc.jobs.length === 29, `${doc.jobs.length} jobs exported`);
    const first = doc.jobs.find((j) => j.company === "Company 01");
    assert(first.notes.general_note === 'Said "call me", then nothing', "notes kept");
    assert(first.notes.salary === "€70,000", "salary kept");
    const history = (company) =>
      doc.jobs.find((j) => j.company === company).events.map((e) => `${e.event_type}${e.inferred ? "?" : ""}`).join();
    assert(history("Company 14") === "applied,interview?", `interviewing: ${history("Company 14")}`);
    assert(history("Company 19") === "applied,offer?", `offer: ${history("Company 19")}`);
    assert(history("Company 29") === "applied,withdrawn?", `withdrawn: ${history("Company 29")}`);
    const ghosted = doc.jobs.find((j) => j.company === "Company 25");
    assert(ghosted.events.at(-1).note.reason_category === "no_response", "ghosted is no reply");
    const picked = doc.jobs.find((j) => j.company === "Company 03");
    assert(picked.events[0].event_date === isoDaysAgo(22), "the date picked in the preview");
    assert(first.job_url === "https://jobs.example/1", `scheme added: ${first.job_url}`);
    assert(!doc.jobs.some((j) => j.company === "Company 22"), "the row left out");
    const serial = doc.jobs.find((j) => j.company === "Company 05"); // i = 4: a serial number
    assert(serial.events[0].event_date === isoDaysAgo(24), `serial read: ${serial.events[0].event_date}`);
    const dayFirst = doc.jobs.find((j) => j.company === "Company 04"); // i = 3: 05/10/2026
    assert(dayFirst.events[0].event_date === isoDaysAgo(23), `day first: ${dayFirst.events[0].event_date}`);
    await page.getByText("Exported 29 jobs.").waitFor();
    await page.setViewportSize(PHONE);
    await shot("settings-05-375");
    await page.setViewportSize(DESKTOP);
  });

  await step("insights: the funnel numbers", async () => {
    await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Insights" }).click();
    await page.getByText("29 jobs tracked, all time.").waitFor();
    for (const [stage, reached] of Object.entries(EXPECTED_FUNNEL)) {
      const count = await page.locator(`.funnel-row[data-stage="${stage}"] .funnel-count`).innerText();
      assert(Number(count) === reached, `${stage}: ${count}, expected ${reached}`);
    }
    // 12 of 29 reached screening: 41.4 % → "41%".
    await page.getByText("41% of applied reached screening").waitFor();
    // Responded: 15 of 29 (see the sheet's comment) → 52 %.
    const rate = await page.getByTestId("response-rate").innerText();
    assert(rate === "52%", `response rate ${rate}`);
    // Every reply is an inferred step: no time to a response is measured (before: "0 days").
    const median = await page.getByTestId("median-days").innerText();
    assert(median === "—", `median days to a response ${median}`);
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
