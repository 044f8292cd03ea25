// The Track journey in real headless Chromium (Debian's), driven by playwright-core against
// the real stack that scripts/e2e_stack.py starts (TRACK_URL). `make test-e2e` runs it.
// Screenshots of the key states go to artifacts/e2e/.
import { createRequire } from "node:module";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// playwright-core is a dev dependency of the front end; resolve it from there.
const { chromium } = createRequire(path.join(ROOT, "frontend/package.json"))("playwright-core");

const BASE = process.env.TRACK_URL;
if (!BASE) throw new Error("TRACK_URL is not set; run through scripts/e2e_stack.py");
const SHOTS = path.join(ROOT, "artifacts/e2e");
mkdirSync(SHOTS, { recursive: true });
const TIMEOUT = 10_000;

const started = Date.now();
const steps = [];
let page;

async function step(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
  } catch (err) {
    await page?.screenshot({ path: path.join(SHOTS, "failure.png"), fullPage: true }).catch(() => {});
    err.message = `step "${name}": ${err.message}`;
    throw err;
  }
  steps.push([name, Date.now() - t0]);
  console.log(`  ok  ${name} (${Date.now() - t0} ms)`);
}

async function waitUntil(check, what, timeout = TIMEOUT) {
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

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

const shot = (name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

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

const dialog = () => page.getByRole("dialog");
const card = (stage) => page.getByRole("region", { name: stage, exact: true });
const badgeText = () => page.locator(".job-card-header .stage-badge").innerText();
const currentStep = () => page.locator('.stepper [aria-current="step"] .step-label').innerText();

async function signIn(name) {
  await page.getByLabel("Continue as").fill(name);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("heading", { name: "Track a job" }).waitFor();
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

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
  ],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
context.setDefaultTimeout(TIMEOUT);
page = await context.newPage();
const consoleErrors = [];
page.on("pageerror", (err) => consoleErrors.push(String(err)));

let jobId;
let resumeSkipped = null;
try {
  await step("sign in and see the empty state", async () => {
    await page.goto(BASE);
    await signIn("alice");
    await page.getByText("Nothing tracked yet.").waitFor();
    await shot("01-empty-state");
  });

  await step("track a job", async () => {
    await page.getByRole("textbox", { name: "Company (required)" }).fill("Acme");
    await page.getByLabel("Job title").fill("Backend Engineer");
    await page.getByLabel("Posting URL").fill("https://acme.example/jobs/1");
    await page.getByRole("button", { name: "Track job" }).click();
    await page.getByRole("heading", { name: "Backend Engineer at Acme" }).waitFor();
    jobId = (await page.locator("article.job-card h2").getAttribute("id")).replace(/^job-|-heading$/g, "");
    assert((await badgeText()).includes("Saved"), "a new job is Saved");
  });

  await step("applied (a referral: showIf reveals the referrer)", async () => {
    await addEvent("Add Applied", async (d) => {
      await d.getByLabel("Event date").fill("2026-01-05");
      assert((await d.getByLabel("Referrer").count()) === 0, "Referrer hidden until type is referral");
      await d.getByLabel("How you applied").selectOption("referral");
      await d.getByLabel("Referrer", { exact: true }).fill("Dana");
    }, "Add Applied");
    await card("Applied").getByText("Dana").waitFor();
    assert((await badgeText()).includes("Applied"), "stage is Applied");
  });

  await step("screening, by keyboard; Escape closes and focus returns", async () => {
    const add = page.getByRole("button", { name: "Add Screening", exact: true });
    await add.focus();
    await page.keyboard.press("Enter");
    await dialog().waitFor();
    await page.keyboard.press("Escape");
    await dialog().waitFor({ state: "detached" });
    await waitUntil(() => add.evaluate((el) => el === document.activeElement), "focus back on + Add");
    await page.keyboard.press("Enter");
    await dialog().getByLabel("Event date").fill("2026-01-09");
    await dialog().getByLabel("With").fill("Sam from HR");
    await dialog().getByLabel("With").press("Enter");
    await dialog().waitFor({ state: "detached" });
    await card("Screening").getByText("Sam from HR").waitFor();
  });

  await step("two interview rounds", async () => {
    await addEvent("Add Interview", async (d) => {
      await d.getByLabel("Event date").fill("2026-01-15");
      await d.getByLabel("Event time").fill("14:30");
      await d.getByLabel("Location").fill("Office");
    }, "Add Interview");
    await addEvent("Add Interview round", async (d) => {
      await d.getByLabel("Event date").fill("2026-01-20");
      await d.getByLabel("Format").selectOption("panel");
    }, "Add Interview");
    await card("Interview").getByText("Interview round 2").waitFor();
    await card("Interview").getByText("Interview round 1").waitFor();
    await shot("02-interview-rounds");
  });

  await step("reference, offer, accepted", async () => {
    await addEvent("Add Reference", (d) => d.getByLabel("Event date").fill("2026-01-25"), "Add Reference");
    await addEvent("Add Offer", async (d) => {
      await d.getByLabel("Event date").fill("2026-02-01");
      await d.getByLabel("Amount").fill("150k");
      await d.getByLabel("Decision deadline").fill("2026-02-08");
    }, "Add Offer");
    await addEvent("Add Accepted", (d) => d.getByLabel("Event date").fill("2026-02-03"), "Add Accepted");
    assert((await badgeText()).includes("Accepted"), "stage is Accepted");
    assert((await currentStep()) === "Accepted", "the stepper marks Accepted with aria-current");
    assert((await card("Declined").getAttribute("data-state")) === "locked", "Declined locks once accepted");
    await shot("03-accepted");
  });

  await step("edit an event", async () => {
    await page.getByRole("button", { name: "Edit Interview round 1" }).click();
    await dialog().getByLabel("Location").fill("Zoom");
    await dialog().getByRole("button", { name: "Save changes" }).click();
    await dialog().waitFor({ state: "detached" });
    await card("Interview").getByText("Zoom", { exact: false }).waitFor();
  });

  await step("delete the latest event: the stage rolls back", async () => {
    await page.getByRole("button", { name: "Delete Accepted" }).click();
    await dialog().getByRole("button", { name: "Delete step" }).click();
    await dialog().waitFor({ state: "detached" });
    await waitUntil(async () => (await badgeText()).includes("Offer"), "stage back at Offer");
    assert((await currentStep()) === "Offer", "stepper back at Offer");
    assert((await card("Accepted").getAttribute("data-state")) === "next", "Accepted is Next again");
  });

  await step("reject and undo (toast, then the card's button)", async () => {
    await page.getByRole("button", { name: "Mark as rejected…" }).click();
    await dialog().getByLabel("Reason").fill("Went with another candidate");
    await dialog().getByRole("button", { name: "Mark as rejected" }).click();
    await dialog().waitFor({ state: "detached" });
    await page.getByText("Went with another candidate", { exact: false }).first().waitFor();
    assert((await badgeText()).includes("Rejected"), "stage is Rejected");
    assert((await page.locator('.stage-card[data-state="rejected"]').count()) === 7, "every card read-only");
    assert((await page.locator(".stage-card button").count()) === 0, "no card actions while rejected");
    await shot("04-rejected");
    await page.locator(".toast").getByRole("button", { name: "Undo" }).click();
    await waitUntil(async () => (await badgeText()).includes("Offer"), "undo back to Offer");

    await page.getByRole("button", { name: "Mark as rejected…" }).click();
    await dialog().getByRole("button", { name: "Mark as rejected" }).click();
    await dialog().waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Undo rejection" }).click();
    await waitUntil(async () => (await badgeText()).includes("Offer"), "undo from the card");
    assert((await page.getByRole("button", { name: "Add Accepted" }).count()) === 1, "cards unlocked");
  });

  await step("metadata saves on blur and survives a reload", async () => {
    const details = page.getByRole("region", { name: "Details" });
    await details.getByLabel("Salary").fill("150-170k");
    await details.getByLabel("Location").click();
    await details.getByText("Saved").first().waitFor();
    await details.getByLabel("Location").fill("Remote (EU)");
    await details.getByLabel("General note").click();
    await details.getByLabel("General note").fill("Great team; ask about on-call.");
    await details.getByLabel("Salary").click();
    await waitUntil(async () => (await details.getByText("Saved").count()) >= 3, "three fields saved");
    await page.reload();
    await page.getByRole("button", { name: /Acme/ }).click();
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

  await step("usable at 375 px", async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `page is ${overflow}px wider than a 375px screen`);
    await shot("07-mobile-375");
    await page.getByRole("button", { name: "Add Accepted", exact: true }).click();
    const width = await dialog().evaluate((el) => el.getBoundingClientRect().width);
    assert(width <= 375, `the dialog is ${width}px wide at 375px`);
    await shot("08-mobile-dialog");
    await page.keyboard.press("Escape");
    await dialog().waitFor({ state: "detached" });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await step("a second user sees none of it", async () => {
    const aliceToken = await page.evaluate(() => JSON.parse(sessionStorage.getItem("track.auth.dev")).token);
    await page.getByRole("button", { name: "Sign out" }).click();
    await signIn("bob");
    await page.getByText("Nothing tracked yet.").waitFor();
    assert((await page.getByText("Acme").count()) === 0, "bob sees no Acme");
    const status = await page.evaluate(async (id) => {
      const { token } = JSON.parse(sessionStorage.getItem("track.auth.dev"));
      const r = await fetch(`/api/tracked/${id}`, { headers: { Authorization: `Bearer ${token}` } });
      return r.status;
    }, jobId);
    assert(status === 404, `bob reading alice's job got ${status}, not 404`);
    assert(aliceToken, "alice had a token");
    await shot("09-second-user");
  });

  assert(consoleErrors.length === 0, `page errors: ${consoleErrors.join("; ")}`);
} finally {
  await browser.close();
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`e2e journey passed in ${seconds} s (${steps.length} steps)${resumeSkipped ? "; resume part SKIPPED" : ""}; screenshots in artifacts/e2e/`);
