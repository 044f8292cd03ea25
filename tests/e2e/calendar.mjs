// The calendar journey in real headless Chromium, against the real stack that
// scripts/e2e_stack.py starts (TRACK_URL): an interview in the next days shows on the month
// view (as a chip on its day, "+N more" on a crowded day, the month as an agenda list) and in
// Upcoming, its .ics downloads and parses, and the feed (appointments only) is created and
// fetched.
// Screenshots go to artifacts/e2e/ (calendar-*.png).
import { readFileSync } from "node:fs";
import path from "node:path";

import { apiAs, assert, BASE, DESKTOP, journeyHarness, localDate, PHONE, SHOTS, signIn, TIMEOUT, launchChromium } from "./env.mjs";

const started = Date.now();
const { run, step, watch } = journeyHarness("calendar-failure.png");
const { steps, consoleErrors } = run;
let page;

const shot = (name, { fullPage = true } = {}) =>
  page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });

const api = (method, url, body) => apiAs(page, method, url, body);

const browser = await launchChromium();
const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
context.setDefaultTimeout(TIMEOUT);
await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: BASE });
page = await context.newPage();
run.page = page;
watch(page);

const interviewDate = localDate(2);
// The crowded day is in the interview's month (the day after it, or two days before it at a
// month's end), so both are on one month's page.
const crowdedDate = localDate(3).slice(0, 7) === interviewDate.slice(0, 7) ? localDate(3) : localDate(1);
let jobId;
let interviewId;
try {
  await step("sign in and record an interview in two days through the API", async () => {
    await page.goto(BASE);
    await signIn(page, "carol");
    const job = await api("POST", "/api/tracked", { company: "Calendar Co", title: "Platform Engineer" });
    jobId = job.id;
    await api("POST", `/api/tracked/${jobId}/events`, { event_type: "applied", event_date: localDate(-3) });
    const withInterview = await api("POST", `/api/tracked/${jobId}/events`, {
      event_type: "interview",
      event_date: interviewDate,
      event_time: "14:30",
      location: "Zoom",
    });
    interviewId = withInterview.events.at(-1).id;
    // More to see on the month: an offer with a deadline, and a rejected job's step (muted).
    const offer = await api("POST", "/api/tracked", { company: "Offerly", title: "Staff Engineer" });
    await api("POST", `/api/tracked/${offer.id}/events`, { event_type: "offer", event_date: localDate(0), note: { deadline: localDate(5) } });
    const gone = await api("POST", "/api/tracked", { company: "Gone Inc", title: "SRE" });
    await api("POST", `/api/tracked/${gone.id}/events`, { event_type: "screening", event_date: interviewDate, event_time: "09:00" });
    await api("POST", `/api/tracked/${gone.id}/events`, { event_type: "rejected", event_date: localDate(0) });
  });

  await step("upcoming on the jobs view lists the interview and the deadline", async () => {
    await page.goto(BASE);
    // At 1280 px the reminders are one folded line above the table: open it.
    await page.locator(".coming-up-strip summary").click();
    const upcoming = page.getByRole("region", { name: "Upcoming" });
    await upcoming.getByRole("link", { name: /Calendar Co: Interview.*14:30, Zoom/ }).waitFor();
    await upcoming.getByRole("link", { name: "Offerly: Offer deadline in 5 days" }).waitFor();
    assert((await upcoming.getByText("Gone Inc").count()) === 0, "a rejected job's step is not upcoming");
    await shot("calendar-01-upcoming");
  });

  await step("the calendar shows the interview on its day, the rejected job muted", async () => {
    // A crowded day: five more interviews (after Upcoming, which shows the first few), more than a cell holds.
    for (const n of [1, 2, 3, 4, 5]) {
      const busy = await api("POST", "/api/tracked", { company: `Busy Day ${n} Corporation`, title: "Engineer" });
      await api("POST", `/api/tracked/${busy.id}/events`, {
        event_type: "interview",
        event_date: crowdedDate,
        event_time: `${10 + n}:00`,
      });
    }
    await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Calendar" }).click();
    await page.waitForURL(/\/calendar/);
    const day = page.locator(`[data-day="${interviewDate}"]`);
    await day.waitFor();
    await page.waitForFunction((d) => /interview/.test(document.querySelector(`[data-day="${d}"]`)?.getAttribute("aria-label") ?? ""), interviewDate);
    if (!(await day.isVisible())) throw new Error("the interview's day is not visible");
    // The day's chips say what is on without a click: time, kind, company.
    const chips = day.locator(".day-chip");
    const chipTexts = await chips.allTextContents();
    assert(chipTexts.some((t) => t.includes("14:30") && t.includes("Calendar Co")), `chips ${chipTexts}`);
    assert(chipTexts.some((t) => t.includes("09:00") && t.includes("Gone Inc")), `chips ${chipTexts}`);
    assert((await day.locator('.day-chip[data-muted]').count()) === 1, "the rejected job's chip is muted");
    const name = await day.getAttribute("aria-label");
    assert(/2 items: 1 interview, 1 other step$/.test(name), `the day's name: ${name}`);
    // A crowded day: two chips and "+3 more", which opens the day's agenda.
    const crowded = page.locator(`[data-day="${crowdedDate}"]`);
    assert((await crowded.locator(".day-chip").count()) === 2, "a crowded day shows two chips");
    assert((await crowded.locator(".day-more").textContent()) === "+3 more", "and +3 more");
    const chipBox = await crowded.locator(".day-chip").first().boundingBox();
    const cellBox = await crowded.boundingBox();
    assert(chipBox.x + chipBox.width <= cellBox.x + cellBox.width + 0.5, "a chip stays in its cell");
    await crowded.locator(".day-more").click();
    await page.getByRole("link", { name: "Interview round 1 · Busy Day 5 Corporation" }).waitFor();
    await shot("calendar-02-crowded-1280", { fullPage: false });
    await day.click();
    const link = page.getByRole("link", { name: /Interview.* · Calendar Co/ });
    await link.waitFor();
    assert((await link.getAttribute("href")) === `/jobs/${jobId}`, "the item links to its job");
    const muted = page.locator(".calendar-item[data-muted]");
    await muted.getByText("(job rejected)").waitFor();
    // The month is in the address; the keyboard moves the day.
    const month = interviewDate.slice(0, 7);
    await page.getByRole("button", { name: "Next month" }).click();
    await page.getByRole("button", { name: "Previous month" }).click();
    await page.waitForURL(new RegExp(`month=${month}$`));
    await page.reload();
    await page.locator(`[data-day="${interviewDate}"]`).click();
    await link.waitFor();
    await day.focus();
    await page.keyboard.press("ArrowRight");
    const focused = await page.evaluate(() => document.activeElement?.getAttribute("data-day"));
    assert(focused > interviewDate, `ArrowRight moved to ${focused}`);
    await page.keyboard.press("ArrowLeft");
    await shot("calendar-02-month-1280", { fullPage: false });
  });

  await step("the month as an agenda list", async () => {
    await page.getByRole("group", { name: "Show as" }).getByRole("button", { name: "Agenda" }).click();
    await page.waitForURL(/view=agenda/);
    const agenda = page.locator(".month-agenda");
    await agenda.getByRole("link", { name: /Interview.* · Calendar Co/ }).waitFor();
    await agenda.getByRole("link", { name: "Offer deadline · Offerly" }).waitFor();
    assert((await agenda.getByRole("link", { name: /Busy Day/ }).count()) === 5, "every item of the crowded day");
    assert((await page.getByRole("grid").count()) === 0, "no grid in the agenda view");
    await shot("calendar-02-agenda-1280", { fullPage: false });
    await page.getByRole("group", { name: "Show as" }).getByRole("button", { name: "Month" }).click();
    await page.getByRole("grid").waitFor();
  });

  await step("add to calendar downloads the interview's .ics", async () => {
    await page.getByRole("link", { name: /Interview.* · Calendar Co/ }).click();
    await page.getByRole("heading", { name: /Platform Engineer at Calendar Co/ }).waitFor();
    const [file] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: /Add Interview.* to calendar/ }).click(),
    ]);
    const text = readFileSync(await file.path(), "utf8");
    assert(file.suggestedFilename().endsWith(".ics"), `file name ${file.suggestedFilename()}`);
    assert(text.includes("BEGIN:VCALENDAR") && text.includes("BEGIN:VEVENT"), "an iCalendar with a VEVENT");
    assert(text.includes(`UID:event-${interviewId}@track.jobtrack`), "the event's UID");
    assert(/SUMMARY:[^\r\n]*Calendar Co/.test(text), "SUMMARY names the company");
    const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    assert(text.includes(interviewDate.replaceAll("-", "")), "the event's date");
    console.log(`      .ics in ${zone}: ${text.length} bytes`);
  });

  await step("subscribe: create the feed, copy it, fetch it without a token", async () => {
    await page.goto(`${BASE}/calendar`);
    await page.getByRole("button", { name: "Subscribe" }).click();
    const dialog = page.locator("dialog[open]").last();
    await dialog.getByText("No feed is active.").waitFor();
    const holds = dialog.getByRole("group", { name: "What the feed holds" });
    const choices = await holds.getByRole("radio").evaluateAll((radios) => radios.map((r) => [r.value, r.checked]));
    assert(JSON.stringify(choices) === '[["appointments",true],["all",false]]', `choices ${JSON.stringify(choices)}`);
    await dialog.getByRole("button", { name: "Create address" }).click();
    const url = await dialog.getByRole("textbox", { name: /Your feed address/ }).inputValue();
    assert(/\/api\/calendar\/feed\/[\w-]+\.ics$/.test(url), `feed url ${url}`);
    await dialog.getByRole("button", { name: "Copy" }).click();
    await dialog.getByText(/Copied|press Ctrl\+C/).waitFor();
    await shot("calendar-03-subscribe-1280", { fullPage: false });
    const response = await fetch(url);
    assert(response.status === 200, `feed answered ${response.status}`);
    const feed = await response.text();
    assert(feed.includes(`UID:event-${interviewId}@track.jobtrack`), "the feed holds the interview");
    assert(!feed.includes("SUMMARY:Applied"), "an appointments feed holds no applied step");
    assert(!feed.includes("SUMMARY:Rejected"), "nor a rejection");
    // Rotate: the old address stops working.
    await dialog.getByRole("button", { name: "New address" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Replace the feed address?" });
    await confirm.getByRole("button", { name: "Replace address" }).click();
    await confirm.waitFor({ state: "detached" });
    const newUrl = await dialog.getByRole("textbox", { name: /Your feed address/ }).inputValue();
    assert(newUrl !== url, "a new address");
    assert((await fetch(url)).status === 404, "the old address stops working");
    assert((await fetch(newUrl)).status === 200, "the new address works");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
  });

  await step("the calendar on a phone", async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${BASE}/calendar`);
    await page.locator(`[data-day="${interviewDate}"]`).click();
    await page.getByRole("link", { name: /Interview.* · Calendar Co/ }).waitFor();
    // A phone keeps each chip's shape and the count; the words are in the agenda below.
    const crowded = page.locator(`[data-day="${crowdedDate}"]`);
    assert((await crowded.locator(".day-more").innerText()).trim() === "+3", "+3 on a phone");
    assert(!(await crowded.locator(".chip-company").first().isVisible()), "no company in a phone's cell");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 375, `the page is ${width}px wide at 375px`);
    await shot("calendar-04-month-375");
    await crowded.locator(".day-more").click();
    await page.getByRole("link", { name: "Interview round 1 · Busy Day 5 Corporation" }).waitFor();
    await page.waitForTimeout(400); // the smooth scroll to the agenda
    await shot("calendar-05-more-375", { fullPage: false });
    await page.goto(`${BASE}/calendar?month=${interviewDate.slice(0, 7)}&view=agenda`);
    await page.locator(".month-agenda").getByRole("link", { name: /Interview.* · Calendar Co/ }).waitFor();
    await shot("calendar-06-agenda-375");
    await page.setViewportSize(DESKTOP);
  });

  assert(consoleErrors.length === 0, `console errors:\n  ${consoleErrors.join("\n  ")}`);
} finally {
  await browser.close();
}

console.log(`e2e calendar passed in ${((Date.now() - started) / 1000).toFixed(1)} s (${steps.length} steps); screenshots in artifacts/e2e/calendar-*.png`);
