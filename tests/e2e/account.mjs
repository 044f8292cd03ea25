// "Delete my data" in real headless Chromium, against the real stack that scripts/e2e_stack.py
// starts (TRACK_URL), files in its local S3: a user with jobs, steps, a contact and a library
// document sees what Track keeps, exports everything, types the phrase, and is signed out;
// signing in again with the same name finds an empty Track, the document's file is gone from
// the bucket, and another user's jobs are untouched. Screenshots of the "Your data" card at
// 1280x800 and 375 px go to artifacts/e2e/.
import path from "node:path";

import { apiAs, assert, BASE, checkA11y, DESKTOP, journeyHarness, PHONE, SHOTS, signIn, launchChromium } from "./env.mjs";

const started = Date.now();
const { run, step, watch } = journeyHarness("account-failure.png");
const { consoleErrors } = run;
let page;

const card = () => page.getByRole("region", { name: "Your data" });
const nav = (name) => page.getByRole("navigation", { name: "Views" }).getByRole("link", { name });

const browser = await launchChromium();
const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
page = await context.newPage();
run.page = page;
watch(page);

try {
  let uploadUrl;
  let bystanderJob;
  await step("another user's job, which must survive", async () => {
    await page.goto(BASE);
    await signIn(page, "frank");
    bystanderJob = await apiAs(page, "POST", "/api/tracked", { company: "Hooli", title: "SRE" });
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Continue as").waitFor();
  });

  await step("sign in; jobs, steps, a contact and a library document", async () => {
    await signIn(page, "erin");
    const acme = await apiAs(page, "POST", "/api/tracked", { company: "Acme", title: "Engineer" });
    await apiAs(page, "POST", "/api/tracked", { company: "Globex", title: "Designer" });
    await apiAs(page, "POST", `/api/tracked/${acme.id}/events`, { event_type: "applied", event_date: "2026-11-02" });
    await apiAs(page, "POST", "/api/contacts", { name: "Sam Lee" });
    const text = "Dear Acme,\nI would like to join.\n";
    const issued = await apiAs(page, "POST", "/api/documents/upload-url", {
      filename: "letter.txt",
      size: new TextEncoder().encode(text).length,
      content_type: "text/plain",
    });
    const put = await fetch(issued.upload_url, { method: "PUT", headers: issued.headers, body: text });
    assert(put.ok, `PUT to the bucket: ${put.status}`);
    const document = await apiAs(page, "POST", "/api/documents", { key: issued.key, filename: "letter.txt", kind: "cover_letter" });
    const link = await apiAs(page, "GET", `/api/documents/${document.id}/url?disposition=attachment`);
    uploadUrl = link.url;
    assert((await fetch(uploadUrl)).ok, "the document is downloadable before the deletion");
  });

  await step("Settings say what Track keeps", async () => {
    await nav("Settings").click();
    await card().getByText("Track keeps 2 jobs with 1 step, and 1 document").waitFor();
    const button = card().getByRole("button", { name: "Delete my data" });
    assert(await button.isDisabled(), "delete is disabled before the phrase is typed");
    await card().scrollIntoViewIfNeeded();
    await checkA11y(page, "the Your data card");
    await card().screenshot({ path: path.join(SHOTS, "account-01-your-data-1280.png") });
  });

  await step("export everything first", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      card().getByRole("button", { name: "Export everything (JSON)" }).click(),
    ]);
    const file = await download.path();
    const saved = JSON.parse((await import("node:fs")).readFileSync(file, "utf8"));
    assert(saved.format === "track-export" && saved.jobs.length === 2, `exported ${saved.jobs?.length} jobs`);
    await card().getByText("Exported 2 jobs.").waitFor();
  });

  await step("the phrase, typed wrong then right, at 375 px", async () => {
    await page.setViewportSize(PHONE);
    const field = card().getByLabel("Type delete my data to confirm");
    const button = card().getByRole("button", { name: "Delete my data" });
    await field.fill("Delete my data");
    assert(await button.isDisabled(), "a capital letter does not match");
    await field.fill("delete my data");
    assert(await button.isEnabled(), "the exact phrase enables delete");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `the settings page is ${overflow}px wider than a 375px screen`);
    await card().screenshot({ path: path.join(SHOTS, "account-02-confirm-375.png") });
    await page.setViewportSize(DESKTOP);
  });

  await step("delete: signed out, and signing in again finds an empty Track", async () => {
    await card().getByRole("button", { name: "Delete my data" }).click();
    await page.getByLabel("Continue as").waitFor();
    await signIn(page, "erin");
    await card().getByText("Track keeps no jobs and no documents for you.").waitFor();
    await nav("Jobs").click();
    await page.getByText("Track your first job").first().waitFor();
    const jobs = await apiAs(page, "GET", "/api/tracked");
    assert(jobs.items.length === 0, `${jobs.items.length} jobs after the deletion`);
    const documents = await apiAs(page, "GET", "/api/documents");
    assert(documents.items.length === 0, "no documents after the deletion");
    const contacts = await apiAs(page, "GET", "/api/contacts");
    assert(contacts.items.length === 0, "no contacts after the deletion");
    assert((await fetch(uploadUrl)).status === 404, "the document's file is gone from the bucket");
  });

  await step("another user's job is untouched", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await signIn(page, "frank");
    const theirs = await apiAs(page, "GET", `/api/tracked/${bystanderJob.id}`);
    assert(theirs.company === "Hooli", "frank's job is still there");
  });

  assert(consoleErrors.length === 0, `console errors:\n  ${consoleErrors.join("\n  ")}`);
} finally {
  await browser.close();
}

console.log(`e2e account passed in ${((Date.now() - started) / 1000).toFixed(1)} s (${run.steps.length} steps); screenshots in artifacts/e2e/`);
