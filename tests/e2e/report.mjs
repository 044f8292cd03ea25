// The activity report in real headless Chromium, against the real stack that
// scripts/e2e_stack.py starts (TRACK_URL): seed a month of applications through the API, open
// /report, pick the ranges, check the table, download the CSV, then print the page to an A4 PDF
// (print media) and check the PDF's text: the title, the period, the name, every company, the
// header row on every page, and nothing of the app around it. scripts/pdf_pages.py (PDFium)
// reads the text and draws each page as artifacts/e2e/report-print-page-N.png for a person to
// look at; screenshots of /report at 1280x800 and 375 px go to artifacts/e2e/ too.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

import { apiAs, assert, BASE, checkA11y, DESKTOP, journeyHarness, PHONE, ROOT, SHOTS, signIn, TIMEOUT, launchChromium } from "./env.mjs";

const started = Date.now();
const { run, step, watch } = journeyHarness("report-failure.png");
const { consoleErrors } = run;
let page;

const shot = (name, { fullPage = true } = {}) =>
  page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
const api = (method, url, body) => apiAs(page, method, url, body);

const pad = (n) => String(n).padStart(2, "0");
const iso = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const now = new Date();
// Local days, as the page's presets count them (day 0 of a month is the last day of the one before).
const day = (monthOffset, date) => iso(new Date(now.getFullYear(), now.getMonth() + monthOffset, date));
const LAST_MONTH = { from: day(-1, 1), to: day(0, 0) };
const THIS_MONTH = { from: day(0, 1), to: iso(now) };

async function seed(company, title, events, fields = {}) {
  const job = await api("POST", "/api/tracked", { company, title, ...fields });
  for (const event of events) await api("POST", `/api/tracked/${job.id}/events`, event);
  return job;
}
const applied = (event_date, note = { type: "online" }) => ({ event_type: "applied", event_date, note });
const then = (event_type, event_date, note = {}) => ({ event_type, event_date, note });

// Last month: five named applications, one per outcome worth seeing, then 35 more so that the
// printed table runs over two A4 pages (the header row must repeat).
const NAMED = [
  {
    company: "Acme GmbH",
    title: "Backend Engineer",
    job_url: "https://careers.acme.example/jobs/4711-backend-engineer?team=core",
    events: [
      applied(day(-1, 2), { type: "referral", referrer_name: "Rita Referrer" }),
      then("screening", day(-1, 9)),
      then("interview", day(-1, 16)),
    ],
    row: { how: "Referral", contact: "Rita Referrer", outcome: "Interviewing" },
  },
  {
    company: "Globex AG",
    title: "Data Engineer",
    events: [applied(day(-1, 3), { type: "email" }), then("rejected", day(-1, 12), { reason: "Went with another candidate" })],
    row: { how: "Email", contact: "None", outcome: "Rejected" },
  },
  {
    company: "=Formula Corp",
    title: "Platform Engineer",
    events: [applied(day(-1, 4))],
    row: { how: "Online", contact: "None", outcome: "Waiting for a reply" },
  },
  {
    company: "Initech",
    title: "Site Reliability Engineer",
    job_url: "https://initech.example/careers/sre",
    events: [applied(day(-1, 5), { type: "recruiter" }), then("offer", day(-1, 20))],
    row: { how: "Recruiter", contact: "None", outcome: "Offer received" },
  },
  {
    company: "Umbrella plc",
    title: "Software Engineer",
    events: [applied(day(-1, 6), { type: "in_person" }), then("withdrawn", day(-1, 8), { reason: "Moved city" })],
    row: { how: "In person", contact: "None", outcome: "Withdrawn" },
  },
];
const FILLERS = Array.from({ length: 35 }, (_, i) => ({
  company: `Northwind ${pad(i + 1)}`,
  title: i % 2 ? "Frontend Developer" : "Full-stack Developer",
  job_url: `https://jobs.northwind.example/${i + 1}`,
  events: [applied(day(-1, 7 + (i % 20)))],
}));
const LAST_MONTH_COMPANIES = [...NAMED, ...FILLERS].map((j) => j.company);

const browser = await launchChromium();
const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
context.setDefaultTimeout(TIMEOUT);
page = await context.newPage();
run.page = page;
watch(page);

const tableCompanies = () => page.locator(".report-table tbody tr td:nth-child(2)").allInnerTexts();

try {
  await step("sign in and seed last month's and this month's applications through the API", async () => {
    await page.goto(BASE);
    await signIn(page, "dora");
    for (const job of [...NAMED, ...FILLERS]) {
      await seed(job.company, job.title, job.events, job.job_url ? { job_url: job.job_url } : {});
    }
    await seed("This Month Ltd", "QA Engineer", [applied(THIS_MONTH.from)]);
    await seed("Today Inc", "Support Engineer", [applied(THIS_MONTH.to)]);
    await seed("Long Ago Oy", "Engineer", [applied(day(-2, 15))]);
    await seed("Saved Only", "Engineer", []);
  });

  await step("open /report: this month by default", async () => {
    await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Report" }).click();
    await page.getByRole("heading", { name: "Activity report" }).waitFor();
    assert(new URL(page.url()).pathname === "/report", page.url());
    await page.locator(".report-table").waitFor();
    const companies = await tableCompanies();
    assert(companies.join() === "This Month Ltd,Today Inc", `this month: ${companies}`);
    await page.getByText("2 applications").waitFor();
  });

  await step("a custom range with no applications shows the empty state", async () => {
    await page.getByRole("radio", { name: "Custom" }).check();
    await page.getByLabel("From", { exact: true }).fill("2020-01-01");
    await page.getByLabel("To", { exact: true }).fill("2019-12-01");
    await page.getByRole("alert").getByText("The end date is before the start date.").waitFor();
    await page.getByLabel("To", { exact: true }).fill("2020-01-31");
    await page.getByText("No applications in this period.").waitFor();
    await shot("report-01-empty-1280");
  });

  await step("last month: every application in order, each outcome in words", async () => {
    await page.getByRole("radio", { name: "Last month" }).check();
    await page.getByText(`${LAST_MONTH_COMPANIES.length} applications`).waitFor();
    const companies = await tableCompanies();
    assert(companies.length === 40, `${companies.length} rows`);
    assert(!companies.includes("Long Ago Oy") && !companies.includes("Today Inc"), "only last month");
    assert(companies.slice(0, 5).join() === NAMED.map((j) => j.company).join(), `order: ${companies.slice(0, 5)}`);
    for (const job of NAMED) {
      const cells = await page.locator(".report-table tbody tr", { hasText: job.company }).locator("td").allInnerTexts();
      assert(cells[2] === job.title, `${job.company} title ${cells[2]}`);
      assert(cells[4] === job.row.how, `${job.company} how: ${cells[4]}`);
      assert(cells[5] === job.row.contact, `${job.company} contact: ${cells[5]}`);
      assert(cells[6].startsWith(job.row.outcome), `${job.company} outcome: ${cells[6]}`);
    }
    const acmeLink = page.getByRole("link", { name: "careers.acme.example/jobs/4711-backend-engineer?team=core" });
    assert((await acmeLink.getAttribute("href")) === NAMED[0].job_url, "the link opens the posting");
    await page.getByLabel(/Your name/).fill("Dora Jobseeker");
    await page.getByText("Name: Dora Jobseeker").waitFor();
    await checkA11y(page, "the report");
    await shot("report-02-last-month-1280", { fullPage: false });
    await page.setViewportSize(PHONE);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `the report is ${overflow}px wider than a 375px screen`);
    await checkA11y(page, "the report on a phone");
    await shot("report-03-last-month-375", { fullPage: false });
    await page.setViewportSize(DESKTOP);
  });

  await step("the name is kept on this device", async () => {
    await page.reload();
    await page.getByRole("heading", { name: "Activity report" }).waitFor();
    assert((await page.getByLabel(/Your name/).inputValue()) === "Dora Jobseeker", "name kept");
    await page.getByRole("radio", { name: "Last month" }).check();
    await page.getByText("40 applications").waitFor();
  });

  await step("Download CSV: the same rows, the formula guarded", async () => {
    const [file] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download CSV" }).click(),
    ]);
    const expected = `track-report-${LAST_MONTH.from}-to-${LAST_MONTH.to}.csv`;
    assert(file.suggestedFilename() === expected, `${file.suggestedFilename()}, expected ${expected}`);
    const lines = readFileSync(await file.path(), "utf8").split("\r\n").filter(Boolean);
    assert(lines[0] === "applied_date,company,title,job_url,how,contact,stage,last_event_date,outcome", lines[0]);
    assert(lines.length === 41, `${lines.length - 1} rows`);
    assert(
      lines[1] === `${day(-1, 2)},Acme GmbH,Backend Engineer,${NAMED[0].job_url},referral,Rita Referrer,interview,${day(-1, 16)},interviewing`,
      lines[1],
    );
    assert(lines[3].startsWith(`${day(-1, 4)},'=Formula Corp,`), `guarded: ${lines[3]}`);
  });

  await step("print to an A4 PDF: title, period, name, every company, no navigation", async () => {
    await page.emulateMedia({ media: "print" });
    const hidden = await page.evaluate(() =>
      [".app-header", ".report-controls"].map((s) => getComputedStyle(document.querySelector(s)).display),
    );
    assert(hidden.every((d) => d === "none"), `hidden in print: ${hidden}`);
    await shot("report-04-print-media-1280");
    const pdfPath = path.join(SHOTS, "report-print.pdf");
    await page.pdf({ path: pdfPath, format: "A4", preferCSSPageSize: true });
    await page.emulateMedia({ media: null });
    const out = execFileSync(
      path.join(ROOT, ".venv/bin/python"),
      [path.join(ROOT, "scripts/pdf_pages.py"), pdfPath, "--png", path.join(SHOTS, "report-print")],
      { encoding: "utf8" },
    );
    const { pages } = JSON.parse(out);
    assert(pages.length >= 2, `${pages.length} page(s): the 40 rows should run over two`);
    for (const [i, p] of pages.entries()) {
      assert(Math.abs(p.width_mm - 210) < 1 && Math.abs(p.height_mm - 297) < 1, `page ${i + 1} is ${p.width_mm}x${p.height_mm} mm`);
      const header = "Date applied Company Position Link How Contact Outcome".replace(/\s+/g, "");
      const body = p.text.replace(/^\s*Page \d+ of \d+\s*/, "").replace(/\s+/g, "");
      assert(body.startsWith(i === 0 ? "Jobapplications," : header), `page ${i + 1} starts with ${p.text.slice(0, 80)}`);
      assert(p.text.replace(/\s+/g, "").includes(header), `page ${i + 1} repeats the header row`);
      assert(new RegExp(`Page ${i + 1} of ${pages.length}`).test(p.text), `page ${i + 1} is numbered`);
    }
    // PDF text may break a line anywhere: compare with all whitespace taken out.
    const flat = (s) => s.replace(/\s+/g, "");
    const text = pages.map((p) => p.text).join("\n");
    const first = pages[0].text;
    const rangeText = await page.locator(".report-title").innerText();
    assert(flat(first).includes(flat(rangeText)), `the period (${rangeText}) on page 1`);
    assert(first.includes("Name: Dora Jobseeker"), "the name on page 1");
    assert(first.includes("40 applications"), "the count on page 1");
    for (const company of LAST_MONTH_COMPANIES) assert(flat(text).includes(flat(company)), `${company} printed`);
    assert(!text.includes("Long Ago Oy") && !text.includes("Today Inc"), "only last month printed");
    assert(flat(text).includes(flat("careers.acme.example/jobs/4711-backend-engineer?team=core")), "links printed readable");
    for (const word of ["Jobs", "Board", "Calendar", "Insights", "Settings", "Report", "Sign out", "Signed in", "Download CSV", "Print", "Activity report", "Skip to content", "Your name"]) {
      assert(!new RegExp(`\\b${word}\\b`).test(text), `"${word}" is printed`);
    }
    console.log(`  PDF: ${pages.length} A4 pages; images: ${pages.map((p) => path.relative(ROOT, p.png)).join(", ")}`);
  });

  assert(consoleErrors.length === 0, `console errors:\n  ${consoleErrors.join("\n  ")}`);
} finally {
  await browser.close();
}

console.log(`e2e report passed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots and PDF pages in artifacts/e2e/`);
