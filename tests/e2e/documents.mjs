// The document library in real headless Chromium, against the real stack that
// scripts/e2e_stack.py starts (TRACK_URL, local S3): upload two versions on /documents (a PDF
// with the file picker, a text cover letter dropped on the zone), rename them in place, attach
// them to two jobs from the job view, upload a third from a job view, preview the PDF in a new tab and download the text (bytes
// compared), read the job's "Sent" line and the page's "Sent to", see a refusal by the server,
// delete a version. Screenshots of /documents and the job's Documents section at 1280x800 and
// 375 px go to artifacts/e2e/.
import { readFileSync } from "node:fs";
import path from "node:path";
import { deflateRawSync } from "node:zlib";

import { apiAs, assert, BASE, checkA11y, DESKTOP, journeyHarness, launchChromium, PHONE, SHOTS, signIn, TIMEOUT, waitUntil } from "./env.mjs";

const started = Date.now();
const { run, step, watch } = journeyHarness("documents-failure.png");
const { consoleErrors } = run;
let page;

const shot = (name, { fullPage = true } = {}) =>
  page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
const nav = (name) => page.getByRole("navigation", { name: "Views" }).getByRole("link", { name });
const documentsRegion = () => page.getByRole("region", { name: "Documents" });
const row = (name) => page.locator(".documents-table tbody tr").filter({ has: page.getByText(name, { exact: true }) });

/** A minimal valid PDF whose text is `label`. */
function makePdf(label) {
  const text = `BT /F1 18 Tf 20 70 Td (${label}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets = [];
  objects.forEach((obj, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

/** A zip holding one entry: a spreadsheet's part, not word/document.xml (a DOCX that is not one). */
function makeZip(name, content) {
  const data = Buffer.from(content);
  const packed = deflateRawSync(data);
  const crc = crc32(data);
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(packed.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const localSize = local.length + nameBytes.length + packed.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(localSize, 16);
  return Buffer.concat([local, nameBytes, packed, central, nameBytes, end]);
}

function crc32(bytes) {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** Drop `files` ({name, mimeType, buffer}) on `target` as a person dragging them from the desktop. */
async function dropFiles(target, files) {
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const { name, mimeType, bytes } of list) {
      dt.items.add(new File([new Uint8Array(bytes)], name, { type: mimeType }));
    }
    return dt;
  }, files.map(({ name, mimeType, buffer }) => ({ name, mimeType, bytes: [...buffer] })));
  await target.dispatchEvent("dragenter", { dataTransfer: transfer });
  await target.dispatchEvent("dragover", { dataTransfer: transfer });
  await target.dispatchEvent("drop", { dataTransfer: transfer });
}

/** At 375 px wide: nothing wider than the screen; a full-page screenshot, then back to 1280. */
async function atPhoneWidth(name, label, locator) {
  await page.setViewportSize(PHONE);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 0, `${label} is ${overflow}px wider than a 375px screen`);
  if (locator) await locator.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  else await shot(name);
  await page.setViewportSize(DESKTOP);
}

const cv = makePdf("Nina CV 2026 version three");
const letter = Buffer.from("Dear Acme,\n\nI would like to build your platform.\n\nNina\n", "utf8");
const letterBeta = Buffer.from("Dear Beta,\n\nYour backend is where I belong.\n\nNina\n", "utf8");

const browser = await launchChromium();
const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
context.setDefaultTimeout(TIMEOUT);
page = await context.newPage();
run.page = page;
watch(page);

try {
  let acme;
  let beta;
  await step("sign in; two tracked jobs; the documents page starts empty", async () => {
    await page.goto(BASE);
    await signIn(page, "nina");
    acme = await apiAs(page, "POST", "/api/tracked", { company: "Acme", title: "Platform Engineer" });
    beta = await apiAs(page, "POST", "/api/tracked", { company: "Beta", title: "Backend Engineer" });
    await nav("Documents").click();
    await page.getByText("No documents yet.").waitFor();
    assert(new URL(page.url()).pathname === "/documents", `at ${page.url()}`);
    await checkA11y(page, "the empty documents page");
  });

  await step("upload a PDF with the file picker and a text file dropped on the zone", async () => {
    await page.getByLabel("Upload as").selectOption("resume");
    await page.getByLabel("Choose files…").setInputFiles({ name: "cv-2026-v3.pdf", mimeType: "application/pdf", buffer: cv });
    await page.getByText("cv-2026-v3.pdf uploaded.").waitFor();
    await page.getByLabel("Upload as").selectOption("cover_letter");
    await dropFiles(page.locator(".upload-zone"), [{ name: "letter-acme.txt", mimeType: "text/plain", buffer: letter }]);
    await page.getByText("letter-acme.txt uploaded.").waitFor();
    const listed = await apiAs(page, "GET", "/api/documents");
    const kinds = listed.items.map((d) => `${d.filename}:${d.kind}:${d.size}`).join(" ");
    assert(
      kinds === `letter-acme.txt:cover_letter:${letter.length} cv-2026-v3.pdf:resume:${cv.length}`,
      `the library holds ${kinds}`,
    );
    await page.getByText("2 documents").waitFor();
  });

  await step("rename both in place, from the keyboard", async () => {
    for (const [from, to] of [
      ["cv-2026-v3.pdf", "CV 2026 v3"],
      ["letter-acme.txt", "Cover letter — Acme"],
    ]) {
      await page.getByRole("button", { name: `Rename ${from}` }).click();
      const input = page.getByRole("textbox", { name: `New name for ${from}` });
      await input.fill(to);
      await input.press("Enter");
      await page.getByRole("button", { name: `Rename ${to}` }).waitFor();
      await waitUntil(
        () => page.evaluate(() => document.activeElement?.getAttribute("aria-label")).then((l) => l === `Rename ${to}`),
        "focus back on the rename button",
      );
    }
  });

  await step("a DOCX that is not one is refused by the server, in words", async () => {
    const fake = makeZip("xl/workbook.xml", "<workbook/>");
    await page.getByLabel("Upload as").selectOption("other");
    await page.getByLabel("Choose files…").setInputFiles({
      name: "sheet.docx",
      mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      buffer: fake,
    });
    await page.getByText("sheet.docx was not uploaded.").waitFor();
    const said = await page.locator(".upload-error").innerText();
    assert(said.startsWith("The file was uploaded but not kept:"), `the refusal says: ${said}`);
    const listed = await apiAs(page, "GET", "/api/documents");
    assert(listed.items.length === 2, `the library holds ${listed.items.length} documents`);
  }, { expectHttpErrors: true });

  await step("attach the résumé and the letter to Acme, the résumé to Beta, and upload a letter from Beta's view", async () => {
    await page.goto(`${BASE}/jobs/${acme.id}`);
    await documentsRegion().getByText(/Nothing attached yet/).waitFor();
    const pick = documentsRegion().getByLabel("Attach from your library");
    for (const option of ["CV 2026 v3 (cv-2026-v3.pdf)", "Cover letter — Acme (letter-acme.txt)"]) {
      await pick.selectOption({ label: option });
      await documentsRegion().getByRole("button", { name: "Attach" }).click();
      await waitUntil(async () => (await pick.inputValue()) === "", `${option} attached`);
    }
    const sent = documentsRegion().locator(".sent-summary");
    await waitUntil(async () => (await sent.innerText()) === "Sent: CV 2026 v3, Cover letter — Acme", "the Sent line");
    await page.goto(`${BASE}/jobs/${beta.id}`);
    await documentsRegion().getByLabel("Attach from your library").selectOption({ label: "CV 2026 v3 (cv-2026-v3.pdf)" });
    await documentsRegion().getByRole("button", { name: "Attach" }).click();
    await documentsRegion().locator(".sent-summary").getByText("CV 2026 v3").waitFor();
    // A new version straight from the job view: into the library, then onto the job.
    await documentsRegion().getByLabel("Or upload a new one as").selectOption("cover_letter");
    await documentsRegion().getByLabel("Upload file…").setInputFiles({ name: "letter-beta.txt", mimeType: "text/plain", buffer: letterBeta });
    await documentsRegion().getByText("letter-beta.txt uploaded.").waitFor();
    const betaSent = documentsRegion().locator(".sent-summary");
    await waitUntil(async () => (await betaSent.innerText()) === "Sent: CV 2026 v3, letter-beta.txt", "Beta's Sent line");
    const saved = await apiAs(page, "GET", `/api/tracked/${acme.id}`);
    const names = saved.documents.map((d) => d.name).join(", ");
    assert(names === "CV 2026 v3, Cover letter — Acme", `Acme's documents in the API: ${names}`);
  });

  await step("preview the PDF in a new tab and download the letter: the same bytes", async () => {
    await page.goto(`${BASE}/jobs/${acme.id}`);
    const [popup] = await Promise.all([
      page.waitForEvent("popup"),
      documentsRegion().getByRole("button", { name: "Preview CV 2026 v3" }).click(),
    ]);
    await waitUntil(() => popup.url().startsWith("http"), "the preview tab opened on the file");
    const shown = await fetch(popup.url());
    assert(shown.ok, `the preview URL answered HTTP ${shown.status}`);
    assert(Buffer.compare(Buffer.from(await shown.arrayBuffer()), cv) === 0, "the previewed PDF differs from the upload");
    const disposition = shown.headers.get("content-disposition") ?? decodeURIComponent(popup.url());
    assert(/inline/.test(disposition), `the preview is not inline: ${disposition}`);
    await popup.close();
    const [file] = await Promise.all([
      page.waitForEvent("download"),
      documentsRegion().getByRole("button", { name: "Download Cover letter — Acme" }).click(),
    ]);
    const bytes = readFileSync(await file.path());
    assert(Buffer.compare(bytes, letter) === 0, `downloaded ${bytes.length} bytes differ from the ${letter.length} uploaded`);
  });

  await step("the job's Documents section, at 1280 and 375 px", async () => {
    await documentsRegion().scrollIntoViewIfNeeded();
    await checkA11y(page, "the job view with its documents");
    await documentsRegion().screenshot({ path: path.join(SHOTS, "documents-03-job-sent-1280.png") });
    await shot("documents-04-job-view-1280");
    await atPhoneWidth("documents-05-job-sent-375", "the job view", documentsRegion());
  });

  await step("the documents page says where each version was sent", async () => {
    await nav("Documents").click();
    const cvSent = row("CV 2026 v3").locator(".document-sent");
    await waitUntil(async () => (await cvSent.innerText()) === "Acme, Beta", "CV sent to Acme, Beta");
    assert((await row("Cover letter — Acme").locator(".document-sent").innerText()) === "Acme", "letter sent to Acme");
    assert((await row("letter-beta.txt").locator(".document-sent").innerText()) === "Beta", "Beta's letter sent to Beta");
    await page.getByRole("combobox", { name: "Kind", exact: true }).selectOption("cover_letter");
    await page.getByText("2 of 3 documents match").waitFor();
    await page.getByRole("combobox", { name: "Kind", exact: true }).selectOption("");
    await page.getByRole("searchbox", { name: "Name" }).fill("2026");
    await page.getByText("1 of 3 documents match").waitFor();
    await page.getByRole("searchbox", { name: "Name" }).fill("");
    await page.getByText("3 documents").waitFor();
    await page.getByRole("searchbox", { name: "Name" }).blur();
    await checkA11y(page, "the documents page");
    await shot("documents-01-page-1280");
    await atPhoneWidth("documents-02-page-375", "the documents page");
  });

  await step("delete the letter after the confirmation: it leaves Acme", async () => {
    await page.getByRole("button", { name: "Delete Cover letter — Acme" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Delete Cover letter — Acme?" });
    await dialog.getByText("It is removed from the job it was sent to (Acme)").waitFor();
    await dialog.getByRole("button", { name: "Delete document" }).click();
    await page.getByText("2 documents", { exact: true }).waitFor();
    const saved = await apiAs(page, "GET", `/api/tracked/${acme.id}`);
    const names = saved.documents.map((d) => d.name).join(", ");
    assert(names === "CV 2026 v3", `Acme keeps ${names}`);
  });

  assert(consoleErrors.length === 0, `console errors:\n  ${consoleErrors.join("\n  ")}`);
} finally {
  await browser.close();
}

console.log(`e2e documents passed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in artifacts/e2e/`);
