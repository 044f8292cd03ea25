// Contacts in real headless Chromium, against the real stack that scripts/e2e_stack.py starts
// (TRACK_URL): add a contact on the contacts page, attach it to a job from the job view with the
// keyboard picker, follow its mailto: link, find the job from the contact, and see the contact
// offered in the referral field. Screenshots of /contacts and the job's People at 1280x800 and
// 375 px go to artifacts/e2e/.
import path from "node:path";

import { apiAs, assert, BASE, checkA11y, DESKTOP, journeyHarness, PHONE, SHOTS, signIn, TIMEOUT, launchChromium } from "./env.mjs";

const started = Date.now();
const { run, step, watch } = journeyHarness("contacts-failure.png");
const { consoleErrors } = run;
let page;

const shot = (name, { fullPage = true } = {}) =>
  page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
const nav = (name) => page.getByRole("navigation", { name: "Views" }).getByRole("link", { name });
const people = () => page.getByRole("region", { name: "People" });

async function atPhoneWidth(name, label) {
  await page.setViewportSize(PHONE);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 0, `${label} is ${overflow}px wider than a 375px screen`);
  await shot(name);
  await page.setViewportSize(DESKTOP);
}

const browser = await launchChromium();
const context = await browser.newContext({ viewport: DESKTOP });
context.setDefaultTimeout(TIMEOUT);
page = await context.newPage();
run.page = page;
watch(page);

try {
  let job;
  await step("sign in; a tracked job; the contacts page starts empty", async () => {
    await page.goto(BASE);
    await signIn(page, "dora");
    job = await apiAs(page, "POST", "/api/tracked", { company: "Initech", title: "Platform Engineer" });
    await nav("Contacts").click();
    await page.getByText("No contacts yet.").waitFor();
    assert(new URL(page.url()).pathname === "/contacts", `at ${page.url()}`);
    await checkA11y(page, "the empty contacts page");
    await shot("contacts-01-empty-1280");
  });

  await step("add a contact; its mailto:, tel: and LinkedIn links", async () => {
    await page.getByRole("button", { name: "Add contact" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a contact" });
    await dialog.getByLabel("Name").fill("Sam Lee");
    await dialog.getByLabel("Role").selectOption("recruiter");
    await dialog.getByLabel("Email").fill("sam@initech.example");
    await dialog.getByLabel("Phone").fill("+1 (555) 010-0200");
    await dialog.getByLabel("LinkedIn profile").fill("https://www.linkedin.com/in/samlee");
    await dialog.getByLabel("Note").fill("Met at the Berlin meetup");
    await checkA11y(page, "the add-contact dialog");
    await dialog.getByRole("button", { name: "Add contact" }).click();
    await page.getByRole("heading", { name: "Sam Lee", level: 3 }).waitFor();
    const mail = page.getByRole("link", { name: "sam@initech.example" });
    assert((await mail.getAttribute("href")) === "mailto:sam@initech.example", "mailto link");
    const tel = await page.getByRole("link", { name: /555/ }).getAttribute("href");
    assert(tel === "tel:+15550100200", `tel link ${tel}`);
    const linkedin = page.getByRole("link", { name: "LinkedIn profile of Sam Lee" });
    assert((await linkedin.getAttribute("href")) === "https://www.linkedin.com/in/samlee", "LinkedIn link");
    await page.getByRole("searchbox", { name: "Search contacts" }).fill("INITECH");
    await page.getByText("1 contact").waitFor();
    await checkA11y(page, "the contacts page");
    await shot("contacts-02-list-1280");
    await atPhoneWidth("contacts-03-list-375", "the contacts page");
  });

  await step("attach the contact to the job from the job view, with the keyboard", async () => {
    await page.goto(`${BASE}/jobs/${job.id}`);
    await people().waitFor();
    await people().getByText(/No one yet/).waitFor();
    await people().getByRole("button", { name: "Add a person" }).click();
    const input = people().getByRole("combobox", { name: "Find a contact" });
    await input.waitFor();
    await page.keyboard.type("sam");
    await people().getByRole("option", { name: /Sam Lee/ }).waitFor();
    await checkA11y(page, "the contact picker");
    await page.keyboard.press("Enter");
    const person = people().locator(".person");
    await person.getByText("Sam Lee").waitFor();
    await person.getByText("Recruiter", { exact: true }).waitFor();
    await input.waitFor({ state: "detached" });
    const mail = people().getByRole("link", { name: "sam@initech.example" });
    assert((await mail.getAttribute("href")) === "mailto:sam@initech.example", "mailto on the job");
    const saved = await apiAs(page, "GET", `/api/tracked/${job.id}`);
    assert(saved.contacts.length === 1 && saved.contacts[0].name === "Sam Lee", "attached in the API");
    await people().scrollIntoViewIfNeeded();
    await checkA11y(page, "the job view with people");
    await shot("contacts-04-job-people-1280");
    await atPhoneWidth("contacts-05-job-people-375", "the job view");
  });

  await step("the contact lists the job, and its link opens it", async () => {
    await nav("Contacts").click();
    const jobLink = page.getByRole("link", { name: "Platform Engineer at Initech" });
    await jobLink.click();
    await people().locator(".person").getByText("Sam Lee").waitFor();
    assert(new URL(page.url()).pathname === `/jobs/${job.id}`, `at ${page.url()}`);
  });

  await step("the referral field offers the contact, and saves what is picked", async () => {
    await page.getByRole("button", { name: "Record application", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("How you applied").selectOption("referral");
    const referrer = dialog.getByLabel("Referrer", { exact: true });
    const listId = await referrer.getAttribute("list");
    assert(listId, "the referrer field has suggestions");
    const offered = await page.locator(`datalist[id="${listId}"] option`).evaluateAll((o) => o.map((x) => x.value));
    assert(offered.join() === "Sam Lee", `suggested ${offered}`);
    await referrer.fill("Sam Lee");
    await dialog.getByRole("button", { name: "Record application" }).click();
    await dialog.waitFor({ state: "detached" });
    const saved = await apiAs(page, "GET", `/api/tracked/${job.id}`);
    assert(saved.events[0].note.referrer_name === "Sam Lee", "the referrer's name is saved as text");
  });

  assert(consoleErrors.length === 0, `console errors:\n  ${consoleErrors.join("\n  ")}`);
} finally {
  await browser.close();
}

console.log(`e2e contacts passed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in artifacts/e2e/`);
