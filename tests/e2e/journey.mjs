// The Track journey in real headless Chromium (Debian's), driven by playwright-core against
// the real stack that scripts/e2e_stack.py starts (TRACK_URL). `make test-e2e` runs it.
// Screenshots of the key states go to artifacts/e2e/.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { apiAs, assert, BASE, checkA11y, DESKTOP, devToken, journeyHarness, PHONE, SHOTS, TIMEOUT, launchChromium, waitUntil } from "./env.mjs";

const started = Date.now();
// Steps that make requests fail on purpose (a 500, a 409, another user's 404) run with
// expectHttpErrors; every other step must log nothing.
const { run, step, watch } = journeyHarness("failure.png");
const { steps, notes, consoleErrors } = run;
let page;

const shot = (name, { fullPage = true } = {}) =>
  page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });

/** A minimal valid PDF whose text differs by `label`, so two uploads are told apart. */
function makePdf(label) {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    null,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const text = `BT /F1 18 Tf 20 70 Td (${label}) Tj ET`;
  objects[3] = `<< /Length ${text.length} >>\nstream\n${text}\nendstream`;
  let body = "%PDF-1.4\n";
  const offsets = [];
  objects.forEach((obj, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}


// The topmost open dialog (native <dialog>; confirmations are alertdialogs).
const dialog = () => page.locator("dialog[open]").last();
/** One step in the job view's history, by its title ("Interview round 2"). */
const historyItem = (name) =>
  page.locator(".timeline-item").filter({ has: page.getByRole("heading", { name, exact: true }) });
const badgeText = () => page.locator(".job-card-header .stage-badge").innerText();
const stepperCurrent = () => page.locator('.stepper [aria-current="step"] .step-label').innerText();
const trackForm = () => page.getByRole("dialog", { name: "Track a job" });
const jobsTable = () => page.getByRole("table", { name: "Jobs" });
const focusedText = () =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "<body>";
    return el.getAttribute("aria-label") || el.labels?.[0]?.innerText || el.innerText || el.tagName;
  });
const focusInDialog = () =>
  page.evaluate(() => {
    const open = [...document.querySelectorAll("dialog[open]")].at(-1);
    return Boolean(open && open.contains(document.activeElement));
  });

async function signIn(name, p = page) {
  await p.getByLabel("Continue as").fill(name);
  await p.getByRole("button", { name: "Continue" }).click();
  await p.getByRole("navigation", { name: "Views" }).waitFor();
}

/** The signed-in tab's token, to drive the API behind the page's back. */
const token = (p = page) => devToken(p);

/** A request to the API with the page's token, from outside the page's own code. */
const api = (method, url, body, p = page) => apiAs(p, method, url, body);

/** Load a page address the way a browser does (reload, a link from elsewhere, a new tab): the
 * server must answer a page route such as /jobs/12 with the page itself. */
async function load(action, url) {
  const response = await action();
  const status = response?.status() ?? 0;
  assert(status === 200, `${url} answered HTTP ${status}, not the page (no page-route fallback?)`);
}

async function addEvent(buttonName, fill = async () => {}, submit) {
  await page.getByRole("button", { name: buttonName, exact: true }).click();
  await dialog().waitFor();
  await fill(dialog());
  await dialog().getByRole("button", { name: submit }).click();
  await dialog().waitFor({ state: "detached" });
}

async function download(expected) {
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("region", { name: "Résumé" }).getByRole("button", { name: "Download" }).click(),
  ]);
  const bytes = readFileSync(await file.path());
  assert(Buffer.compare(bytes, expected) === 0, `downloaded ${bytes.length} bytes differ from the ${expected.length} uploaded`);
  return file.suggestedFilename();
}


const browser = await launchChromium();
const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
context.setDefaultTimeout(TIMEOUT);
page = await context.newPage();
run.page = page;
watch(page);

let jobId;
let resumeSkipped = null;
try {
  await step("sign in and see the empty state", async () => {
    // The whole journey runs under the page's Content-Security-Policy (no inline script,
    // connect-src limited to the API and the resume store): a violation is a console error.
    const answer = await page.goto(BASE);
    const policy = answer.headers()["content-security-policy"] ?? "";
    assert(policy.includes("script-src 'self'") && policy.includes("frame-ancestors 'none'"), `CSP: ${policy}`);
    await signIn("alice");
    await page.getByRole("heading", { name: "Nothing tracked yet" }).waitFor();
    await page.getByText("Save a job, record each step").waitFor();
    await checkA11y(page, "the first visit's empty state");
    await shot("01-empty-state");
  });

  await step("track a job: it opens at its own address", async () => {
    await page.getByRole("button", { name: "Track your first job" }).click();
    await trackForm().waitFor();
    assert((await focusedText()).startsWith("Posting URL"), `the dialog starts on ${await focusedText()}`);
    // A pasted posting address fills in the company (a job board: its first path segment).
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData("text/plain", "https://jobs.lever.co/acme/1234-abcd");
      document.activeElement.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await waitUntil(async () => (await trackForm().getByLabel("Company").inputValue()) === "Acme", "Acme inferred from the pasted URL");
    // Typed, then left: the company's own site names it too.
    await trackForm().getByLabel("Company").fill("");
    await trackForm().getByLabel("Posting URL").fill("https://careers.acme.example/jobs/1");
    await trackForm().getByLabel("Posting URL").press("Tab");
    await waitUntil(async () => (await trackForm().getByLabel("Company").inputValue()) === "Acme", "Acme inferred on blur");
    await trackForm().getByLabel("Job title").fill("Backend Engineer");
    await checkA11y(page, "the track dialog");
    await shot("01b-track-dialog", { fullPage: false });
    await trackForm().getByRole("button", { name: "Track job" }).click();
    await page.getByRole("heading", { name: "Backend Engineer at Acme" }).waitFor();
    jobId = /\/jobs\/(\d+)$/.exec(new URL(page.url()).pathname)?.[1];
    assert(jobId, `the address is ${page.url()}, not /jobs/<id>`);
    assert((await badgeText()).includes("Saved"), "a new job is Saved");
    assert((await focusedText()).includes("Backend Engineer"), "focus on the new job's heading");
  });

  await step("edit company, title and URL in place (same checks as create)", async () => {
    await page.getByRole("button", { name: "Edit job" }).click();
    const form = page.getByRole("form", { name: "Edit company, title and URL" });
    assert((await focusedText()).startsWith("Company"), "editing starts in Company");
    await form.getByLabel("Company").fill("   ");
    await form.getByLabel("Posting URL").fill("acme example/senior");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByText("Company is required.").waitFor();
    await form.getByText("Use a full web address starting with http:// or https://.").waitFor();
    await form.getByLabel("Company").fill("Acme Corp");
    await form.getByLabel("Job title").fill("Senior Backend Engineer");
    // Typed without its scheme: https:// is added when the field is left, and said.
    await form.getByLabel("Posting URL").fill("acme.example/jobs/senior");
    await form.getByLabel("Posting URL").press("Tab");
    await form.getByText("https:// added to the address").waitFor();
    const typed = await form.getByLabel("Posting URL").inputValue();
    assert(typed === "https://acme.example/jobs/senior", `the URL field holds ${typed}`);
    await form.getByRole("button", { name: "Save" }).click();
    await page.getByRole("heading", { name: "Senior Backend Engineer at Acme Corp" }).waitFor();
    const href = await page.getByRole("link", { name: /Job posting/ }).getAttribute("href");
    assert(href === "https://acme.example/jobs/senior", `posting link is ${href}`);
    await page.getByRole("link", { name: /Acme Corp/ }).waitFor(); // the list has it too
  });

  await step("applied (a referral: showIf reveals the referrer)", async () => {
    await addEvent("Record application", async (d) => {
      assert((await focusedText()).startsWith("How you applied"), `the form starts on ${await focusedText()}`);
      assert((await d.getByLabel("Location").count()) === 0, "no Location on an application");
      await d.getByLabel("Date applied").fill("2026-01-05");
      assert((await d.getByLabel("Referrer").count()) === 0, "Referrer hidden until type is referral");
      await d.getByLabel("How you applied").selectOption("referral");
      await d.getByLabel("Referrer", { exact: true }).fill("Dana");
    }, "Record application");
    await historyItem("Applied").getByText("Referral from Dana").waitFor();
    assert((await badgeText()).includes("Applied"), "stage is Applied");
  });

  await step("screening, by keyboard: focus on the first field, Escape closes, focus returns", async () => {
    const record = page.getByRole("button", { name: "Record screening", exact: true });
    await record.focus();
    await page.keyboard.press("Enter");
    await dialog().waitFor();
    assert((await focusedText()).startsWith("Format"), `focus starts on ${await focusedText()}`);
    await page.keyboard.press("Escape");
    await dialog().waitFor({ state: "detached" });
    await waitUntil(() => record.evaluate((el) => el === document.activeElement), "focus back on Record screening");
    await page.keyboard.press("Enter");
    await dialog().locator('[name="event_date"]').fill("2026-01-09");
    await dialog().getByLabel("With").fill("Sam from HR");
    await dialog().getByLabel("With").press("Enter");
    await dialog().waitFor({ state: "detached" });
    await historyItem("Screening").getByText("with Sam from HR").waitFor();
  });

  await step("interview rounds: the next round offered, dates warned", async () => {
    await addEvent("Record interview", async (d) => {
      assert((await d.getByLabel("Round").inputValue()) === "1", "the first interview offers round 1");
      await d.locator('[name="event_date"]').fill("2026-01-15");
      await d.getByLabel("Event time").fill("14:30");
      await d.getByLabel("Location").fill("Office");
    }, "Record interview");
    await addEvent("Record interview round 2", async (d) => {
      assert((await d.getByLabel("Round").inputValue()) === "2", "the next interview offers round 2");
      await d.locator('[name="event_date"]').fill("2026-01-12");
      await d.getByText("This is before the step it follows").waitFor();
      await d.locator('[name="event_date"]').fill("2028-06-01");
      await d.getByText("more than a year from now").waitFor();
      await d.locator('[name="event_date"]').fill("2026-01-20");
      await d.getByLabel("Format").selectOption("panel");
    }, "Record interview");
    await historyItem("Interview round 2").getByText("Panel").waitFor();
    const order = await page.locator(".timeline-title").allInnerTexts();
    assert(
      order.join() === "Interview round 2,Interview round 1,Screening,Applied",
      `the history, newest first: ${order}`,
    );
  });

  await step("a taken interview round: the API's 422 shown at the round, the input kept", async () => {
    await page.getByRole("button", { name: "Record interview round 3", exact: true }).click();
    await dialog().getByLabel("Round").fill("1");
    await dialog().getByRole("button", { name: "Record interview" }).click();
    await dialog().getByText("This job already has interview round 1; use round 3").waitFor();
    assert((await dialog().getByLabel("Round").inputValue()) === "1", "the typed round is kept");
    await page.keyboard.press("Escape"); // typed input: asks first
    await page.getByRole("alertdialog", { name: "Discard your changes?" }).waitFor();
    await page.getByRole("button", { name: "Discard" }).click();
    await page.locator("dialog[open]").waitFor({ state: "detached" });
    await checkA11y(page, "the job view");
    await shot("02-job-1280");
  }, { expectHttpErrors: true });

  await step("references from the Other step menu (keyboard), then offer and accept", async () => {
    const menuButton = page.getByRole("button", { name: "Other step…" });
    assert((await menuButton.getAttribute("aria-haspopup")) === "menu", "Other step… is a menu button");
    await menuButton.focus();
    await page.keyboard.press("ArrowDown");
    const items = await page.getByRole("menu").getByRole("menuitem").allInnerTexts();
    assert(items.join() === "Record references,Record offer", `the menu offers ${items}`);
    assert((await focusedText()) === "Record references", `the menu starts on ${await focusedText()}`);
    await checkA11y(page, "the job view's step menu");
    await page.keyboard.press("Enter");
    await dialog().waitFor();
    await dialog().locator('[name="event_date"]').fill("2026-01-25");
    await dialog().getByRole("button", { name: "Record references" }).click();
    await dialog().waitFor({ state: "detached" });
    await addEvent("Record offer", async (d) => {
      await d.getByLabel("Date received").fill("2026-02-01");
      await d.getByLabel("Amount").fill("150k");
      await d.getByLabel("Decision deadline").fill("2026-02-08");
    }, "Record offer");
    await page.getByRole("button", { name: "Other step…" }).click();
    await page.getByRole("menuitem", { name: "Decline the offer" }).waitFor();
    await page.keyboard.press("Escape");
    await addEvent("Accept the offer", async (d) => {
      assert((await d.getByLabel("Location").count()) === 0, "no Location when accepting");
      await d.getByLabel("Date accepted").fill("2026-02-03");
    }, "Accept the offer");
    await waitUntil(async () => (await badgeText()).includes("Accepted"), "stage is Accepted");
    assert((await stepperCurrent()) === "Accepted", "the stepper marks Accepted with aria-current");
    assert((await page.getByRole("group", { name: "Next step" }).count()) === 0, "nothing follows an outcome");
    await shot("03-accepted");
  });

  await step("edit an event", async () => {
    await page.getByRole("button", { name: "Edit Interview round 1" }).click();
    await dialog().getByLabel("Location").fill("Zoom");
    await dialog().getByRole("button", { name: "Save changes" }).click();
    await dialog().waitFor({ state: "detached" });
    await historyItem("Interview round 1").getByText("Zoom", { exact: false }).waitFor();
  });

  await step("delete the latest event (Cancel is focused): the stage rolls back", async () => {
    assert((await page.getByRole("button", { name: /^Delete (Interview|Applied|Offer)/ }).count()) === 0, "only the latest step has Delete");
    await page.getByRole("button", { name: "Delete Accepted" }).click();
    await dialog().waitFor();
    assert((await focusedText()) === "Cancel", `a destructive confirmation focuses ${await focusedText()}`);
    await dialog().getByRole("button", { name: "Delete step" }).click();
    await dialog().waitFor({ state: "detached" });
    await waitUntil(async () => (await badgeText()).includes("Offer"), "stage back at Offer");
    assert((await stepperCurrent()) === "Offer", "stepper back at Offer");
    await page.getByRole("button", { name: "Accept the offer", exact: true }).waitFor();
  });

  await step("a click outside with typed notes asks before discarding", async () => {
    await page.getByRole("button", { name: "Accept the offer", exact: true }).click();
    await dialog().getByLabel("Notes").fill("Start in March; ask about the laptop.");
    await page.mouse.click(8, 8); // the backdrop
    const ask = page.getByRole("alertdialog", { name: "Discard your changes?" });
    await ask.waitFor();
    assert((await focusedText()) === "Keep editing", `the question focuses ${await focusedText()}`);
    await page.keyboard.press("Enter"); // Keep editing
    await ask.waitFor({ state: "detached" });
    assert((await dialog().getByLabel("Notes").inputValue()).startsWith("Start in March"), "notes kept");
    await page.mouse.click(8, 8);
    await ask.getByRole("button", { name: "Discard" }).click();
    await page.locator("dialog[open]").waitFor({ state: "detached" });
  });

  await step("Escape after a failed save (a 500): the message, focus kept, Escape still works", async () => {
    const pattern = `**/api/tracked/${jobId}/events`;
    await page.route(pattern, (route) =>
      route.request().method() === "POST"
        ? route.fulfill({
            status: 500,
            contentType: "application/json",
            body: JSON.stringify({
              detail: "Something went wrong on our side and nothing was saved. Try again in a moment; if it keeps happening, tell us.",
            }),
          })
        : route.continue(),
    );
    try {
      await page.getByRole("button", { name: "Accept the offer", exact: true }).click();
      await dialog().getByLabel("Notes").fill("This save will fail.");
      await dialog().getByRole("button", { name: "Accept the offer" }).click();
      await dialog().getByRole("alert").getByText("Something went wrong on our side").waitFor();
      assert(await focusInDialog(), `focus left the dialog for ${await focusedText()}`);
      await page.keyboard.press("Escape");
      const ask = page.getByRole("alertdialog", { name: "Discard your changes?" });
      await ask.waitFor();
      await page.keyboard.press("Escape"); // Escape on the question: keep editing
      await ask.waitFor({ state: "detached" });
      assert(await focusInDialog(), "focus back in the form");
      await page.keyboard.press("Escape");
      await ask.getByRole("button", { name: "Discard" }).click();
      await page.locator("dialog[open]").waitFor({ state: "detached" });
    } finally {
      await page.unroute(pattern);
    }
  }, { expectHttpErrors: true });

  await step("reject (a common reason and details) and undo (toast, then the banner's button)", async () => {
    await page.getByRole("button", { name: "Mark as rejected", exact: true }).click();
    await dialog().getByLabel("Reason").selectOption("position_filled");
    await dialog().getByLabel("Details").fill("Went with another candidate");
    await checkA11y(page, "the reject dialog");
    await dialog().getByRole("button", { name: "Mark as rejected" }).click();
    await dialog().waitFor({ state: "detached" });
    const banner = page.getByRole("note");
    await banner.getByText("Position filled · Went with another candidate", { exact: false }).waitFor();
    await banner.getByText("locked while the job is rejected", { exact: false }).waitFor();
    assert((await badgeText()).includes("Rejected"), "stage is Rejected");
    assert((await page.locator(".timeline-actions button").count()) === 0, "no step actions while rejected");
    assert((await page.getByRole("group", { name: "Next step" }).count()) === 0, "no next step while rejected");
    await shot("04-rejected");
    await page.locator(".toast").getByRole("button", { name: "Undo" }).click();
    await waitUntil(async () => (await badgeText()).includes("Offer"), "undo back to Offer");

    await page.getByRole("button", { name: "Mark as rejected", exact: true }).click();
    await dialog().getByRole("button", { name: "Mark as rejected" }).click();
    await dialog().waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Undo rejection" }).click();
    await waitUntil(async () => (await badgeText()).includes("Offer"), "undo from the banner");
    assert((await page.getByRole("button", { name: "Accept the offer", exact: true }).count()) === 1, "unlocked");
  });

  await step("a 409 refreshes the job (rejected elsewhere, then a step)", async () => {
    await api("POST", `/api/tracked/${jobId}/events`, { event_type: "rejected", event_date: "2026-02-04" });
    assert((await badgeText()).includes("Offer"), "the page has not heard yet");
    await page.getByRole("button", { name: "Accept the offer", exact: true }).click();
    await dialog().getByRole("button", { name: "Accept the offer" }).click();
    await dialog().getByRole("alert").getByText("rejected").waitFor();
    await dialog().getByRole("button", { name: "Cancel" }).click();
    await page.locator("dialog[open]").waitFor({ state: "detached" });
    await waitUntil(async () => (await badgeText()).includes("Rejected"), "the job shows Rejected without a reload");
    assert((await page.locator(".timeline-actions button").count()) === 0, "steps locked at once");
    await page.getByRole("button", { name: "Undo rejection" }).click();
    await waitUntil(async () => (await badgeText()).includes("Offer"), "undone");
  }, { expectHttpErrors: true });

  await step("metadata saves while typing (no blur) and survives a reload of /jobs/:id", async () => {
    const details = page.getByRole("region", { name: "Details" });
    // Typed and left in the field: saved after a pause, so a reload keeps it.
    await details.getByLabel("General note").click();
    await details.getByLabel("General note").pressSequentially("Typed, never left", { delay: 20 });
    const unloadAsks = () =>
      page.evaluate(() => {
        const event = new Event("beforeunload", { cancelable: true });
        window.dispatchEvent(event);
        return event.defaultPrevented;
      });
    assert(await unloadAsks(), "closing the tab asks while a save waits");
    await details.getByText("Saved").first().waitFor();
    assert(!(await unloadAsks()), "closing the tab does not ask once saved");
    assert(
      (await details.getByLabel("General note").evaluate((el) => el === document.activeElement)),
      "the note kept focus while it saved",
    );
    await load(() => page.reload(), page.url());
    await page.getByRole("heading", { name: "Senior Backend Engineer at Acme Corp" }).waitFor();
    const kept = await page.getByRole("region", { name: "Details" }).getByLabel("General note").inputValue();
    assert(kept === "Typed, never left", `the note after a reload is ${JSON.stringify(kept)}`);
    await details.getByLabel("Salary").fill("150-170k");
    await details.getByLabel("Location").click();
    await details.getByText("Saved").first().waitFor();
    await details.getByLabel("Location").fill("Remote (EU)");
    await details.getByLabel("General note").click();
    await details.getByLabel("General note").fill("Great team; ask about on-call.");
    await details.getByLabel("Salary").click();
    await waitUntil(async () => (await details.getByText("Saved").count()) >= 3, "three fields saved");
    await load(() => page.reload(), page.url());
    await page.getByRole("heading", { name: "Senior Backend Engineer at Acme Corp" }).waitFor();
    const after = page.getByRole("region", { name: "Details" });
    assert((await after.getByLabel("Salary").inputValue()) === "150-170k", "salary kept");
    assert((await after.getByLabel("Location").inputValue()) === "Remote (EU)", "location kept");
    assert((await after.getByLabel("General note").inputValue()).startsWith("Great team"), "note kept");
    await shot("05-metadata-after-reload");
  });

  await step("upload a PDF, download it, compare bytes, replace it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "track-e2e-pdf-"));
    const first = path.join(dir, "cv-v1.pdf");
    const second = path.join(dir, "cv-v2.pdf");
    writeFileSync(first, makePdf("Alice CV version one"));
    writeFileSync(second, makePdf("Alice CV version two, longer"));
    const resume = page.getByRole("region", { name: "Résumé" });

    await resume.getByLabel("Choose PDF…").setInputFiles(first);
    try {
      await resume.getByText("cv-v1.pdf").waitFor();
    } catch (err) {
      const shown = await resume.innerText();
      throw new Error(`upload did not finish; the section says: ${shown.replace(/\s+/g, " ")} (${err.message})`);
    }
    await shot("06-resume-uploaded");
    const name = await download(readFileSync(first));
    assert(name.endsWith(".pdf"), `downloaded as ${name}`);

    const [popup] = await Promise.all([
      page.waitForEvent("popup"),
      resume.getByRole("button", { name: "Preview" }).click(),
    ]);
    await waitUntil(() => popup.url().startsWith("http"), "preview tab opened on the file");
    await popup.close();

    await resume.getByLabel("Replace PDF…").setInputFiles(second);
    await resume.getByText("cv-v2.pdf").waitFor();
    await download(readFileSync(second));
  }).catch((err) => {
    if (process.env.E2E_RESUME_OPTIONAL) {
      resumeSkipped = err.message;
      console.log(`  SKIP resume part: ${err.message}`);
    } else throw err;
  });

  await step("the job view at 375 px: no sideways scroll, the next step and a form fit", async () => {
    await page.setViewportSize(PHONE);
    try {
      await page.getByRole("heading", { name: "Senior Backend Engineer at Acme Corp" }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(overflow <= 0, `the job view is ${overflow}px wider than a 375px screen`);
      await shot("job-view-375");
      // The next step stays within thumb reach, above the navigation bar, however far the
      // job is scrolled; while a field has focus (the keyboard is up) it leaves the bottom.
      const accept = page.getByRole("button", { name: "Accept the offer", exact: true });
      assert((await accept.count()) === 1, "the next step is rendered once");
      const reach = async () =>
        page.evaluate(() => {
          const button = [...document.querySelectorAll(".next-step .button.primary")][0];
          const nav = document.querySelector(".app-nav");
          const box = button.getBoundingClientRect();
          return {
            top: box.top,
            bottom: box.bottom,
            height: window.innerHeight,
            navTop: nav ? nav.getBoundingClientRect().top : window.innerHeight,
          };
        });
      for (const to of [0, 600, 1e6]) {
        await page.evaluate((y) => window.scrollTo({ top: y, behavior: "instant" }), to);
        const { top, bottom, height, navTop } = await reach();
        assert(top >= height * 0.75 - 60, `scrolled to ${to}: the next step is at ${top}px of ${height}px, out of thumb reach`);
        assert(bottom <= navTop + 0.5, `scrolled to ${to}: the next step (${bottom}px) is under the navigation (${navTop}px)`);
      }
      await page.evaluate(() => window.scrollTo({ top: 300, behavior: "instant" }));
      await shot("job-next-step-375", { fullPage: false });
      await page.locator(".job-view").getByLabel("Salary").focus();
      const typing = await reach();
      assert(typing.top < typing.height * 0.75 - 60 || typing.top > typing.height, "the next step leaves the bottom while a field has focus");
      await page.locator(".job-view").getByLabel("Salary").blur();
      await page.evaluate(() => window.scrollTo({ top: 0, behavior: "instant" }));
      await accept.click();
      const width = await dialog().evaluate((el) => el.getBoundingClientRect().width);
      assert(width <= 375, `the dialog is ${width}px wide at 375px`);
      await shot("job-dialog-375", { fullPage: false });
      await page.keyboard.press("Escape");
      await dialog().waitFor({ state: "detached" });
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });

  await step("Back and Forward between the list and the job; a shared link keeps the filters", async () => {
    const panelOpen = () => page.locator(".job-panel").count();
    await page.goto(BASE);
    await jobsTable().waitFor();
    assert((await panelOpen()) === 0, "no job panel on /");
    await page.getByRole("link", { name: /Acme Corp/ }).click();
    await page.getByRole("heading", { name: "Senior Backend Engineer at Acme Corp" }).waitFor();
    assert(await jobsTable().isVisible(), "the table stays beside the open job");
    await page.goBack();
    await waitUntil(async () => (await panelOpen()) === 0, "the panel closed on Back");
    assert(new URL(page.url()).pathname === "/", `Back went to ${page.url()}`);
    await page.goForward();
    await page.getByRole("heading", { name: "Senior Backend Engineer at Acme Corp" }).waitFor();
    await page.goto(`${BASE}/?q=senior&stage=offer`);
    assert((await page.getByLabel("Search company or title").inputValue()) === "senior", "search from the link");
    await page.getByText("Stage: Offer").waitFor();
    await page.getByText("1 job matches your filters (“senior”, Offer).").waitFor();
    // A row opens the job beside the table; Escape (or Close) returns, keeping the filters.
    await jobsTable().getByRole("cell", { name: "Senior Backend Engineer", exact: true }).click();
    await page.getByRole("heading", { name: "Senior Backend Engineer at Acme Corp" }).waitFor();
    assert(new URL(page.url()).search === "?q=senior&stage=offer", `the job keeps the filters: ${page.url()}`);
    await shot("07a-job-panel-1280", { fullPage: false });
    await page.keyboard.press("Escape");
    await waitUntil(async () => (await panelOpen()) === 0, "Escape closed the panel");
    const back = new URL(page.url());
    assert(back.pathname === "/" && back.search === "?q=senior&stage=offer", `Escape went to ${page.url()}`);
    // Close first lets any typed details finish saving, then moves focus in the next frame.
    await waitUntil(async () => (await focusedText()).includes("Acme Corp"), "focus back on the job's row, not <body>");
    await page.getByRole("link", { name: /Acme Corp/ }).press("Enter");
    await page.getByRole("heading", { name: "Senior Backend Engineer at Acme Corp" }).waitFor();
    await page.locator(".job-panel-bar").getByRole("button", { name: "Close" }).click();
    await waitUntil(async () => (await panelOpen()) === 0, "Close closed the panel");
    assert(new URL(page.url()).search === "?q=senior&stage=offer", "Close keeps the filters");
  });

  await step("search and filters reach jobs beyond the first page (113 more jobs)", async () => {
    // More jobs than the API's first page of 100: the table holds all of them before it sorts.
    await api("POST", "/api/tracked", { company: "Zebra Analytics", title: "Data Engineer" });
    const more = Array.from({ length: 112 }, (_, i) => ({ company: `Filler ${i + 1}`, title: "Engineer" }));
    for (let i = 0; i < more.length; i += 10) {
      await Promise.all(more.slice(i, i + 10).map((job) => api("POST", "/api/tracked", job)));
    }
    await page.goto(BASE);
    await page.getByText("114 jobs", { exact: true }).waitFor();
    await jobsTable().getByRole("link", { name: "Zebra Analytics" }).waitFor();
    await page.getByLabel("Search company or title").fill("zebra");
    await page.getByText("1 job matches “zebra”.").waitFor();
    assert(new URL(page.url()).search === "?q=zebra", `the search is in the address: ${page.url()}`);
    await page.getByRole("checkbox", { name: "Active only" }).check();
    await page.getByText("1 job matches your filters (“zebra”, active only).").waitFor();
    await page.getByLabel("Search company or title").fill("no such company");
    await page.getByRole("heading", { name: "No jobs match" }).waitFor();
    await shot("07b-no-match", { fullPage: false });
    await page.getByRole("button", { name: "Clear filters" }).last().click();
    await page.getByText("114 jobs", { exact: true }).waitFor();

    // At 1280x800 the table shows at least 12 whole rows.
    const rows = await jobsTable().locator("tbody tr").evaluateAll((trs) =>
      trs.filter((tr) => {
        const r = tr.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      }).length,
    );
    assert(rows >= 12, `only ${rows} whole rows are visible at 1280x800`);
    notes.push(`${rows} whole table rows visible at 1280x800`);

    // Sorting: by company, A to Z, then back; the sorted column says so. A sort redraws the
    // rows in a transition (and later rows are drawn in steps), so each check waits for the rows
    // themselves, read in one go in the page, never for aria-sort alone.
    const sortedBy = (column, direction, rowsOk) =>
      waitUntil(async () => {
        const now = await jobsTable().evaluate((table, name) => {
          const header = [...table.querySelectorAll("th")].find((th) => th.innerText.trim().startsWith(name));
          const companies = [...table.querySelectorAll("tbody tr")].map((tr) => tr.querySelector(".cell-company")?.textContent.trim());
          return { sort: header?.getAttribute("aria-sort") ?? null, companies };
        }, column);
        if (now.sort === direction && rowsOk(now.companies)) return now;
        throw new Error(`aria-sort ${now.sort}, rows ${now.companies.slice(0, 3).join(", ")}…`);
      }, `rows sorted by ${column}, ${direction}`);
    const byName = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });
    const ordered = (names, sign) => names.every((n, i) => i === 0 || sign * byName.compare(names[i - 1], n) <= 0);
    const companyHeader = jobsTable().getByRole("columnheader", { name: /^Company/ });
    await companyHeader.getByRole("button").click();
    await sortedBy("Company", "ascending", (names) => names[0] === "Acme Corp" && ordered(names, 1));
    // The sort is in the address: a reload keeps it, Back undoes it.
    await waitUntil(async () => new URL(page.url()).searchParams.get("sort") === "company", "sort=company in the address");
    await load(() => page.reload(), page.url());
    await sortedBy("Company", "ascending", (names) => names[0] === "Acme Corp" && ordered(names, 1));
    await page.goBack();
    await waitUntil(async () => !new URL(page.url()).searchParams.has("sort"), "Back leaves the default sort");
    await sortedBy("Last activity", "descending", () => true);
    await page.goForward();
    await sortedBy("Company", "ascending", (names) => names[0] === "Acme Corp" && ordered(names, 1));
    await companyHeader.getByRole("button").click();
    await sortedBy("Company", "descending", (names) => names[0] === "Zebra Analytics" && ordered(names, -1));
    const stageHeader = jobsTable().getByRole("columnheader", { name: /^Stage/ });
    await stageHeader.getByRole("button").click();
    // The furthest stage first: Acme Corp (an offer) ahead of the 113 jobs only saved.
    await sortedBy("Stage", "descending", (names) => names[0] === "Acme Corp");
    await jobsTable().getByRole("columnheader", { name: /^Last activity/ }).getByRole("button").click();

    await checkA11y(page, "the jobs table");
    await shot("07-jobs-1280", { fullPage: false });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.waitForTimeout(300); // the buttons' colour transition
    await checkA11y(page, "the jobs table (dark)");
    await shot("07-jobs-1280-dark", { fullPage: false });
    await page.getByRole("link", { name: "Acme Corp" }).click();
    await page.getByRole("heading", { name: "Senior Backend Engineer at Acme Corp" }).waitFor();
    await shot("07a-job-panel-1280-dark", { fullPage: false });
    await page.emulateMedia({ colorScheme: "light" });
    await page.keyboard.press("Escape");
    await page.getByLabel("Search company or title").fill("acme");
    await page.getByText("1 job matches “acme”.").waitFor();
  });

  await step("bulk actions: tick three rows, set priority, add a tag, move, filter by the tag chip, delete with one confirmation", async () => {
    await page.getByRole("button", { name: "Clear filters" }).last().click();
    await page.getByText("114 jobs", { exact: true }).waitFor();
    const fillers = ["Filler 1", "Filler 2", "Filler 3"];
    const tick = (company) => jobsTable().getByRole("checkbox", { name: `Select ${company}, Engineer` });
    for (const company of fillers) await tick(company).check();
    const bar = page.getByRole("region", { name: "3 jobs selected" });
    await bar.waitFor();

    await bar.getByLabel("Priority", { exact: true }).selectOption({ label: "High" });
    await bar.getByRole("button", { name: "Set priority" }).click();
    await bar.getByText("Priority set to High on 3 jobs.").waitFor();
    await bar.getByLabel("Tag to add").fill("e2e-bulk");
    await bar.getByRole("button", { name: "Add tag" }).click();
    await bar.getByText("Tag “e2e-bulk” added to 3 jobs.").waitFor();
    const row = jobsTable().getByRole("row").filter({ has: page.getByRole("checkbox", { name: "Select Filler 2, Engineer" }) });
    await row.getByRole("button", { name: "Show jobs tagged e2e-bulk" }).waitFor();
    assert((await row.locator(".priority-mark").textContent()).includes("High"), "the row shows its priority");

    // A move where it is legal: the three saved jobs apply; Acme Corp (further on) is skipped, and says why.
    await jobsTable().getByRole("checkbox", { name: "Select Acme Corp, Senior Backend Engineer" }).check();
    const four = page.getByRole("region", { name: "4 jobs selected" });
    await four.getByLabel(/^Stage to move to/).selectOption({ label: "Applied" });
    await four.getByRole("button", { name: "Move", exact: true }).click();
    await four.getByText("3 jobs moved to Applied.").waitFor();
    await four.getByText("Skipped 1:").waitFor();
    await four.getByText(/Acme Corp \(Senior Backend Engineer\): .*cannot move to Applied|Acme Corp \(Senior Backend Engineer\): it is/).waitFor();
    await checkA11y(page, "the jobs table with the bulk bar");
    await shot("12-bulk-1280", { fullPage: false });
    await four.getByRole("button", { name: "Clear selection" }).click();

    // The tag chip filters the list (in the address, like the other filters).
    await row.getByRole("button", { name: "Show jobs tagged e2e-bulk" }).click();
    await page.getByText("3 jobs match your filters (tagged “e2e-bulk”).").waitFor();
    assert(new URL(page.url()).searchParams.getAll("tag").join() === "e2e-bulk", `the tag is in the address: ${page.url()}`);
    await page.getByRole("button", { name: "Stop filtering by tag e2e-bulk" }).waitFor();

    // On a phone the list has the same boxes and the same bar.
    await page.setViewportSize(PHONE);
    await page.getByRole("checkbox", { name: "Select Filler 1, Engineer" }).check();
    await page.getByRole("region", { name: "1 job selected" }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `the bulk bar makes the page ${overflow}px wider than 375px`);
    await checkA11y(page, "the phone list with the bulk bar");
    await shot("12a-bulk-375", { fullPage: false });
    await page.getByRole("button", { name: "Clear selection" }).click();
    await page.setViewportSize(DESKTOP);

    // Delete every job shown, with one confirmation that names the count.
    await jobsTable().getByRole("checkbox", { name: "Select every job shown" }).check();
    await page.getByRole("region", { name: "3 jobs selected" }).getByRole("button", { name: "Delete…" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Delete 3 jobs?" });
    await confirm.waitFor();
    await confirm.getByRole("button", { name: "Delete 3 jobs" }).click();
    await page.getByText("3 jobs deleted.").waitFor();
    await page.getByRole("heading", { name: "No jobs match" }).waitFor();
    await shot("12b-bulk-deleted-1280", { fullPage: false });
    await page.getByRole("region", { name: "No jobs selected" }).getByRole("button", { name: "Close", exact: true }).click();
    await page.getByRole("button", { name: "Clear filters" }).last().click();
    await page.getByText("111 jobs", { exact: true }).waitFor();
    await page.getByLabel("Search company or title").fill("acme");
    await page.getByText("1 job matches “acme”.").waitFor();
  });

  await step("a second tab is signed in; signing out there signs this tab out", async () => {
    const tab = await context.newPage();
    watch(tab);
    const url = `${BASE}/jobs/${jobId}`;
    await load(() => tab.goto(url), url); // a deep link, in a new tab
    await tab.getByRole("heading", { name: "Senior Backend Engineer at Acme Corp" }).waitFor();
    await tab.getByText("Signed in as").waitFor();
    await tab.getByRole("button", { name: "Sign out" }).click();
    await tab.getByLabel("Continue as").waitFor();
    await page.getByLabel("Continue as").waitFor(); // this tab heard it
    await tab.close();
    await signIn("alice");
  });

  await step("a phone (375 px): the job is its own screen; back returns to the same place", async () => {
    await page.setViewportSize(PHONE);
    await page.goto(BASE);
    await page.getByRole("link", { name: /Filler 90\b/ }).waitFor();
    assert((await page.getByRole("table").count()) === 0, "a phone gets the list, not the table");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `page is ${overflow}px wider than a 375px screen`);
    await page.getByRole("link", { name: /Filler 90\b/ }).scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy({ top: 200, behavior: "instant" }));
    assert((await page.evaluate(() => window.scrollY)) > 0, "the list scrolled");
    const listY = await page.evaluate(() => window.scrollY);
    await checkA11y(page, "the phone list");
    await shot("08-jobs-375", { fullPage: false }); // the list is 114 jobs long
    await page.getByRole("link", { name: /Filler 90\b/ }).click();
    await page.getByRole("heading", { name: "Engineer at Filler 90" }).waitFor();
    const jobY = await page.evaluate(() => window.scrollY);
    assert(jobY === 0, `the job opened ${jobY}px down instead of at its top`);
    assert(!(await page.getByRole("link", { name: /Filler 89\b/ }).isVisible()), "the list is hidden");
    await page.getByRole("link", { name: "All jobs" }).click();
    await page.getByRole("link", { name: /Filler 90\b/ }).waitFor();
    // Focus comes back to the job's card, not the page's body.
    await waitUntil(
      async () => (await page.evaluate(() => document.activeElement?.textContent ?? "")).includes("Filler 90"),
      "focus on the Filler 90 card",
    );

    await waitUntil(async () => Math.abs((await page.evaluate(() => window.scrollY)) - listY) <= 2, `list back at ${listY}px`);
    await page.getByRole("link", { name: /Filler 90\b/ }).click();
    await page.getByRole("heading", { name: "Engineer at Filler 90" }).waitFor();
    await page.goBack();
    await waitUntil(async () => Math.abs((await page.evaluate(() => window.scrollY)) - listY) <= 2, "Back restores it too");

    await page.getByLabel("Search company or title").fill("acme");
    await page.getByText("1 job matches “acme”.").waitFor();
    await page.getByRole("link", { name: /Acme Corp/ }).click();
    await page.getByRole("heading", { name: "Senior Backend Engineer at Acme Corp" }).waitFor();
    await shot("09-job-375");
    await page.getByRole("link", { name: "All jobs" }).click();
    await page.getByRole("button", { name: "Track a job" }).click();
    await trackForm().waitFor();
    const width = await dialog().evaluate((el) => el.getBoundingClientRect().width);
    assert(width <= 375, `the dialog is ${width}px wide at 375px`);
    await checkA11y(page, "the track dialog at 375px");
    await shot("10-dialog-375", { fullPage: false });
    await page.keyboard.press("Escape");
    await dialog().waitFor({ state: "detached" });
    await page.setViewportSize(DESKTOP);
  });

  await step("a second user sees none of it", async () => {
    const aliceToken = await token();
    await page.getByRole("button", { name: "Sign out" }).click();
    // Sign-out deletes the user's offline data first: the sign-in screen says it is done.
    await page.getByLabel("Continue as").waitFor();
    await page.goto(BASE); // the address still held alice's search
    await signIn("bob");
    await page.getByRole("heading", { name: "Nothing tracked yet" }).waitFor();
    assert((await page.getByText("Acme").count()) === 0, "bob sees no Acme");
    const status = await page.evaluate(async (id) => {
      const { token } = JSON.parse(sessionStorage.getItem("track.auth.dev"));
      const r = await fetch(`/api/tracked/${id}`, { headers: { Authorization: `Bearer ${token}` } });
      return r.status;
    }, jobId);
    assert(status === 404, `bob reading alice's job got ${status}, not 404`);
    assert(aliceToken, "alice had a token");
    await shot("11-second-user");
  }, { expectHttpErrors: true });

  assert(consoleErrors.length === 0, `console errors:\n  ${consoleErrors.join("\n  ")}`);
} finally {
  await browser.close();
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
for (const note of new Set(notes)) console.log(`  NOTE ${note}`);
console.log(`e2e journey passed in ${seconds} s (${steps.length} steps)${resumeSkipped ? "; resume part SKIPPED" : ""}; screenshots in artifacts/e2e/`);
