// The morning digest, end to end in headless Chromium against the real stack that
// scripts/e2e_stack.py starts (TRACK_URL, and its local mail catcher at TRACK_MAIL_URL): turn the
// digest on and record an interview today (through the API), run the sender (the dev route),
// open the mail in the catcher's page, follow its job link to the job in the page, then open
// its unsubscribe link (a page that changes nothing) and press the button. Screenshots in
// artifacts/e2e/.
import path from "node:path";

import { apiAs, assert, BASE, DESKTOP, journeyHarness, localDate, PHONE, SHOTS, signIn, TIMEOUT, launchChromium } from "./env.mjs";

const MAIL = process.env.TRACK_MAIL_URL;
if (!MAIL) throw new Error("TRACK_MAIL_URL is not set; run through scripts/e2e_stack.py");

const started = Date.now();
const { run, step, watch } = journeyHarness("mail-failure.png");
const { consoleErrors } = run;
let page;
const shot = (name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

const browser = await launchChromium();
const context = await browser.newContext({ viewport: DESKTOP });
context.setDefaultTimeout(TIMEOUT);
page = await context.newPage();
run.page = page;
watch(page);

try {
  let job;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  await step("sign in; the digest on for this hour; an interview today", async () => {
    await page.goto(BASE);
    await signIn(page, "erin");
    const hour = Number(new Intl.DateTimeFormat("en-GB", { hour: "2-digit", hourCycle: "h23", timeZone: zone }).format(new Date()));
    const saved = await apiAs(page, "PUT", "/api/notifications/settings", {
      email: "erin@example.com", digest: true, digest_hour: hour, timezone: zone, follow_up_days: 14,
    });
    assert(saved.digest === true, `settings: ${JSON.stringify(saved)}`);
    job = await apiAs(page, "POST", "/api/tracked", { company: "Globex <Mail>", title: "Site Reliability Engineer" });
    await apiAs(page, "POST", `/api/tracked/${job.id}/events`, { event_type: "applied", event_date: localDate(-3) });
    await apiAs(page, "POST", `/api/tracked/${job.id}/events`, {
      event_type: "interview", event_date: localDate(0), event_time: "16:30", location: "Zoom", note: { round: 1 },
    });
  });

  await step("run the sender: one mail, and none on a second run", async () => {
    const now = new Date().toISOString();
    const first = await apiAs(page, "POST", "/api/dev/notifications/run", { now });
    assert(first.sent.length === 1 && first.sent[0].to === "erin@example.com", JSON.stringify(first));
    const again = await apiAs(page, "POST", "/api/dev/notifications/run", { now });
    assert(again.sent.length === 0, `sent twice: ${JSON.stringify(again)}`);
  });

  let jobLink;
  let unsubscribe;
  await step("the mail in the catcher: subject, item, job link, unsubscribe headers", async () => {
    await page.goto(MAIL);
    await page.getByRole("link", { name: /^Track: 1 today/ }).click();
    await page.getByRole("heading", { name: "HTML part" }).waitFor();
    const headers = await page.locator("table").first().innerText();
    assert(headers.includes("List-Unsubscribe=One-Click"), headers);
    const frame = page.frameLocator('iframe[title="The HTML part"]');
    await frame.getByText("Interview round 1").waitFor();
    await frame.getByText("Globex <Mail>").waitFor();
    jobLink = await frame.getByRole("link", { name: "Open job" }).getAttribute("href");
    assert(jobLink === `${BASE}/jobs/${job.id}`, `job link ${jobLink}`);
    unsubscribe = await frame.getByRole("link", { name: "Unsubscribe" }).getAttribute("href");
    assert(unsubscribe.startsWith(`${BASE}/api/notifications/unsubscribe?token=`), unsubscribe);
    await shot("mail-01-catcher-1280");
  });

  await step("the job link opens the job in the page", async () => {
    await page.goto(jobLink);
    await page.getByRole("heading", { name: "Site Reliability Engineer" }).first().waitFor();
    assert(new URL(page.url()).pathname === `/jobs/${job.id}`, `at ${page.url()}`);
  });

  await step("the unsubscribe link: a page that changes nothing, then one click", async () => {
    await page.setViewportSize(PHONE);
    await page.goto(unsubscribe);
    await page.getByRole("button", { name: "Unsubscribe" }).waitFor();
    await shot("mail-02-unsubscribe-375");
    const before = await apiAs(page, "GET", "/api/notifications/settings");
    assert(before.digest === true, "opening the link turned the digest off");
    await page.getByRole("button", { name: "Unsubscribe" }).click();
    await page.getByRole("heading", { name: "You are unsubscribed" }).waitFor();
    await shot("mail-03-unsubscribed-375");
    const after = await apiAs(page, "GET", "/api/notifications/settings");
    assert(after.digest === false && after.digest_paused_reason === "unsubscribed", JSON.stringify(after));
    await page.setViewportSize(DESKTOP);
  });

  assert(consoleErrors.length === 0, `console errors:\n${consoleErrors.join("\n")}`);
  console.log(`mail journey: ${run.steps.length} steps passed in ${Date.now() - started} ms`);
} finally {
  await browser.close();
}
