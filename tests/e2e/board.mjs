// The board journey in real headless Chromium, against the real stack that scripts/e2e_stack.py
// starts (TRACK_URL): jobs at several stages seeded through the API show in their columns; a
// keyboard drag to a later column opens the form dated today and, once saved, the card is in
// the new column (and the API agrees); a mouse drag onto a column the rule refuses shows it
// unavailable and changes nothing; a touch drag (a long press, then the finger moves) onto the
// next column opens its form; a job rejected behind the page's back answers 409 and the card
// lands where the server says. axe scans the board and the dialog. Screenshots go to
// artifacts/e2e/ (board-*.png).
import path from "node:path";

import { apiAs, assert, BASE, checkA11y, DESKTOP, journeyHarness, localDate, PHONE, SHOTS, TIMEOUT, launchChromium, waitUntil } from "./env.mjs";

const started = Date.now();
// The 409 step makes a request fail on purpose (expectHttpErrors); every other step must log nothing.
const { run, step, watch } = journeyHarness("board-failure.png");
const { steps, consoleErrors } = run;
let page;

const shot = (name, { fullPage = false } = {}) =>
  page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });

const api = (method, url, body) => apiAs(page, method, url, body);

async function seed(company, title, events = []) {
  let job = await api("POST", "/api/tracked", { company, title });
  for (const event of events) job = await api("POST", `/api/tracked/${job.id}/events`, event);
  return job;
}

const column = (stage) => page.locator(`section.board-column[data-stage="${stage}"]`);
const card = (company) => page.locator(`li.board-card:has(a:has-text("${company}"))`);
const cardIn = (stage, company) => column(stage).locator(`li.board-card:has(a:has-text("${company}"))`);
// The column a keyboard drag is over (only a column the card may move to shows it), or null.
const overStage = () =>
  page.evaluate(() => document.querySelector("section.board-column[data-over]")?.dataset.stage ?? null);

/** Move a keyboard-picked card with `key` until it is over the `stage` column. dnd-kit measures
 * the columns after the pick-up, and an arrow key pressed before that is ignored: on a loaded
 * machine the first press can come too early, so only a press that moved nothing is repeated. */
async function keyTo(key, stage) {
  const from = await overStage();
  for (let press = 0; press < 5; press++) {
    await page.keyboard.press(key);
    const now = await waitUntil(async () => {
      const over = await overStage();
      return over !== from ? over ?? "nothing" : null;
    }, `the drag to leave ${from ?? "its own column"}`, 3000).catch(() => null);
    if (now === null) continue; // the press came before the columns were measured
    assert(now === stage, `${key} moved the card over ${now}, not ${stage}`);
    return;
  }
  throw new Error(`${key} never moved the card off ${from ?? "its own column"}`);
}

const center = async (locator) => {
  const box = await locator.boundingBox();
  return { x: box.x + box.width / 2, y: box.y + Math.min(box.height / 2, 60) };
};

const browser = await launchChromium();
const context = await browser.newContext({ viewport: DESKTOP });
context.setDefaultTimeout(TIMEOUT);
page = await context.newPage();
run.page = page;
watch(page);

const jobs = {};
try {
  await step("sign in and seed jobs at several stages through the API", async () => {
    await page.goto(BASE);
    await page.getByLabel("Continue as").fill(`board-${Date.now()}`);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("navigation", { name: "Views" }).waitFor();
    const applied = { event_type: "applied", event_date: localDate(-6) };
    jobs.acme = await seed("Acme", "Backend Engineer", [applied]);
    jobs.globex = await seed("Globex", "Data Engineer", [applied, { event_type: "screening", event_date: localDate(-2) }]);
    jobs.initech = await seed("Initech", "Platform Engineer", [
      applied,
      { event_type: "interview", event_date: localDate(2), event_time: "14:30" },
    ]);
    jobs.umbrella = await seed("Umbrella", "Staff Engineer", [
      applied,
      { event_type: "offer", event_date: localDate(-1), note: { deadline: localDate(5) } },
    ]);
    jobs.hooli = await seed("Hooli", "SRE", [applied, { event_type: "rejected", event_date: localDate(-1) }]);
    jobs.saved = await seed("Saved Co", "Product Designer");
    jobs.conflict = await seed("Conflict Co", "Frontend Engineer", [applied]);
  });

  await step("the board shows each job in its stage's column, with counts", async () => {
    await page.goto(`${BASE}/board`);
    await cardIn("applied", "Acme").waitFor();
    const heads = await page.locator("section.board-column h3").allTextContents();
    assert(heads.length === 10, `10 columns, got ${heads.length}: ${heads.join(" | ")}`);
    assert(
      heads[0].startsWith("Saved") && heads[8].startsWith("Rejected") && heads[9].startsWith("Withdrawn"),
      `column order: ${heads.join(" | ")}`,
    );
    assert(/Applied\s*2\s*jobs/.test(heads[1]), `Applied holds Acme and Conflict Co: ${heads[1]}`);
    await cardIn("interview", "Initech").getByText("Interview in 2 d").waitFor();
    await cardIn("offer", "Umbrella").getByText("Offer deadline in 5 d").waitFor();
    await cardIn("rejected", "Hooli").waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= DESKTOP.width, `the page is ${width}px wide at ${DESKTOP.width}px`);
    // The outcome lanes share the column's height equally, however many there are (a lane
    // left out of the grid's rows shrank to its heading).
    const lanes = await page.evaluate(() =>
      [...document.querySelectorAll(".board-outcomes > section.board-column")].map((lane) => [
        lane.getAttribute("data-stage"),
        Math.round(lane.getBoundingClientRect().height),
      ]),
    );
    const heights = lanes.map(([, height]) => height);
    assert(lanes.length >= 4 && Math.max(...heights) - Math.min(...heights) <= 2, `outcome lanes' heights: ${JSON.stringify(lanes)}`);
    await shot("board-01-1280");
    await checkA11y(page, "board");
  });

  await step("keyboard drag to a later column opens the form dated today; saving moves the card", async () => {
    const handle = page.getByRole("button", { name: "Drag Acme, Backend Engineer" });
    await handle.focus();
    await page.keyboard.press("Space");
    await page.getByText(/Picked up Acme, Backend Engineer\. Columns you can move it to: Screening, Interview, Reference, Offer, Rejected, Withdrawn\./).waitFor({ state: "attached" });
    await column("saved").getByText("Not allowed").waitFor();
    await keyTo("ArrowRight", "screening");
    await keyTo("ArrowRight", "interview");
    await keyTo("ArrowLeft", "screening");
    await shot("board-02-keyboard-drag-1280");
    await page.keyboard.press("Space");
    const dialog = page.getByRole("dialog", { name: "Record screening" });
    await dialog.waitFor();
    const date = await dialog.locator('[name="event_date"]').inputValue();
    assert(date === localDate(0), `the form is dated ${date}, not today`);
    assert((await cardIn("applied", "Acme").count()) === 1, "the card waits for the server");
    await shot("board-03-dialog-1280");
    await checkA11y(page, "board's add-event dialog");
    await dialog.getByRole("button", { name: "Record screening" }).click();
    await dialog.waitFor({ state: "detached" });
    await cardIn("screening", "Acme").waitFor();
    await cardIn("applied", "Acme").waitFor({ state: "detached" }); // Acme left Applied
    const server = await api("GET", `/api/tracked/${jobs.acme.id}`);
    assert(server.stage === "screening", `the API says ${server.stage}`);
    // Focus is back on the card's handle.
    const focused = await page.evaluate(() => document.activeElement?.getAttribute("aria-label"));
    assert(focused === "Drag Acme, Backend Engineer", `focus is on ${focused}`);
  });

  await step("a mouse drag onto a column the rule refuses shows it unavailable and changes nothing", async () => {
    const from = await center(card("Globex"));
    const to = await center(column("applied"));
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 10, from.y + 4, { steps: 3 });
    await page.mouse.move(to.x, to.y, { steps: 12 });
    await page.waitForSelector('section.board-column[data-stage="applied"][data-drop="blocked"]');
    await column("applied").getByText("Not allowed").waitFor();
    assert((await column("applied").getAttribute("data-over")) === null, "a refused column takes no drop");
    const opacity = await column("applied").locator(".board-cards").evaluate((el) => getComputedStyle(el).opacity);
    assert(Number(opacity) < 1, `the refused column's cards are dimmed (opacity ${opacity})`);
    await shot("board-04-mouse-refused-1280");
    await page.mouse.up();
    // The reason is shown on screen, not only announced; the next press clears it.
    const refusal = page.locator(".board-drop-refusal");
    await refusal.waitFor();
    const said = await refusal.innerText();
    assert(
      said === "Not moved: Globex stays in Screening. Applied is behind Screening; to go back, delete the later step in the job's history.",
      `the refused drop says: ${said}`,
    );
    assert(await refusal.isVisible(), "the reason is visible");
    await shot("board-04b-refused-reason-1280", { fullPage: false });
    assert((await page.locator("dialog[open]").count()) === 0, "no form opens");
    await page.mouse.click(5, 5);
    await refusal.waitFor({ state: "detached" });
    await cardIn("screening", "Globex").waitFor();
    const server = await api("GET", `/api/tracked/${jobs.globex.id}`);
    assert(server.stage === "screening", `the API says ${server.stage}`);
  });

  await step("a mouse drag onto an allowed column opens its form (cancelled: nothing changes)", async () => {
    const from = await center(card("Saved Co"));
    const to = await center(column("applied"));
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 10, from.y + 4, { steps: 3 });
    await page.mouse.move(to.x, to.y, { steps: 12 });
    await page.waitForSelector('section.board-column[data-stage="applied"][data-over]');
    await page.mouse.up();
    const dialog = page.getByRole("dialog", { name: "Record application" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    await cardIn("saved", "Saved Co").waitFor();
  });

  await step("a touch drag (a long press, then the finger moves) onto the next column opens its form", async () => {
    // Touch through the DevTools protocol: a finger down on the card, held past the board's
    // 250 ms press delay (dnd-kit's TouchSensor), moved in steps onto Applied, then lifted.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setTouchEmulationEnabled", { enabled: true, maxTouchPoints: 1 });
    const touch = (type, points) => cdp.send("Input.dispatchTouchEvent", { type, touchPoints: points });
    try {
      const from = await center(card("Saved Co"));
      const to = await center(column("applied"));
      await touch("touchStart", [from]);
      await page.waitForTimeout(300);
      await page.waitForSelector('section.board-column[data-stage="applied"][data-drop="allowed"]');
      for (let i = 1; i <= 12; i += 1) {
        await touch("touchMove", [{ x: from.x + ((to.x - from.x) * i) / 12, y: from.y + ((to.y - from.y) * i) / 12 }]);
        await page.waitForTimeout(16);
      }
      await page.waitForSelector('section.board-column[data-stage="applied"][data-over]');
      await shot("board-05a-touch-drag-1280");
      await touch("touchEnd", []);
      const dialog = page.getByRole("dialog", { name: "Record application" });
      await dialog.waitFor();
      const date = await dialog.locator('[name="event_date"]').inputValue();
      assert(date === localDate(0), `the form is dated ${date}, not today`);
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await dialog.waitFor({ state: "detached" });
      await cardIn("saved", "Saved Co").waitFor();
    } finally {
      await cdp.send("Emulation.setTouchEmulationEnabled", { enabled: false }).catch(() => {});
      await cdp.detach().catch(() => {});
    }
  });

  await step("a job rejected behind the page's back: the 409 leaves the card where the server says", async () => {
    await api("POST", `/api/tracked/${jobs.conflict.id}/events`, { event_type: "rejected", event_date: localDate(0) });
    assert((await cardIn("applied", "Conflict Co").count()) === 1, "the page has not heard yet");
    await page.getByRole("button", { name: "Drag Conflict Co, Frontend Engineer" }).focus();
    await page.keyboard.press("Space");
    // dnd-kit listens for the arrow keys from the next task on: wait until the drag is on.
    await page.waitForSelector('section.board-column[data-stage="saved"][data-drop="blocked"]');
    await keyTo("ArrowRight", "screening");
    await page.keyboard.press("Space");
    const dialog = page.getByRole("dialog", { name: "Record screening" });
    await dialog.getByRole("button", { name: "Record screening" }).click();
    await dialog.getByText(/rejected/i).first().waitFor();
    await cardIn("rejected", "Conflict Co").waitFor();
    await cardIn("applied", "Conflict Co").waitFor({ state: "detached" }); // the card left Applied
    await shot("board-05-conflict-1280");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    const server = await api("GET", `/api/tracked/${jobs.conflict.id}`);
    assert(server.stage === "rejected", `the API says ${server.stage}`);
  }, { expectHttpErrors: true });

  await step("a Move to list closes on Escape (focus back on its button) and when another opens", async () => {
    const initech = page.getByRole("button", { name: "Move to… Initech" });
    await initech.click();
    await page.getByRole("list", { name: "Move Initech to" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("list", { name: "Move Initech to" }).waitFor({ state: "detached" });
    assert(await initech.evaluate((el) => el === document.activeElement), "focus back on Move to… Initech");
    await initech.click();
    await page.getByRole("button", { name: "Move to… Saved Co" }).click();
    await page.getByRole("list", { name: "Move Saved Co to" }).waitFor();
    assert((await page.locator(".board-move-menu").count()) === 1, "one Move to list open at a time");
    await page.getByRole("heading", { name: "Board" }).click();
    await page.locator(".board-move-menu").waitFor({ state: "detached" });
  });

  await step("the Move to list: the same moves without dragging", async () => {
    await page.getByRole("button", { name: "Move to… Initech" }).click();
    const list = page.getByRole("list", { name: "Move Initech to" });
    const choices = await list.getByRole("button").allTextContents();
    assert(choices.join(",") === "Reference,Offer,Rejected,Withdrawn", `choices: ${choices.join(",")}`);
    await list.getByRole("button", { name: "Offer" }).click();
    const dialog = page.getByRole("dialog", { name: "Record offer" });
    await dialog.waitFor();
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
  });

  await step("the board on a phone: columns snap side by side, the page does not scroll sideways", async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${BASE}/board`);
    await cardIn("screening", "Acme").waitFor();
    const { page: pageWidth, board, boardScroll } = await page.evaluate(() => {
      const el = document.querySelector(".board");
      return { page: document.documentElement.scrollWidth, board: el.clientWidth, boardScroll: el.scrollWidth };
    });
    assert(pageWidth <= PHONE.width, `the page is ${pageWidth}px wide at ${PHONE.width}px`);
    assert(boardScroll > board, "the board scrolls sideways on its own");
    await shot("board-06-375");
    await checkA11y(page, "board at 375 px");
    await page.setViewportSize(DESKTOP);
  });

  await step("dark mode follows the OS and keeps its contrast", async () => {
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(`${BASE}/board`);
    await cardIn("screening", "Acme").waitFor();
    await shot("board-07-dark-1280");
    await checkA11y(page, "board in dark mode");
    await page.emulateMedia({ colorScheme: "light" });
  });

  await step("with no jobs, the board explains itself and links to tracking one", async () => {
    await page.goto(`${BASE}/board?q=${encodeURIComponent("no such company zzz")}`);
    await page.getByText("No jobs match these filters.").waitFor();
    await page.getByRole("button", { name: "Clear filters" }).click();
    await cardIn("screening", "Acme").waitFor();
  });

  assert(consoleErrors.length === 0, `console errors:\n  ${consoleErrors.join("\n  ")}`);
} finally {
  await browser.close();
}

console.log(`e2e board passed in ${((Date.now() - started) / 1000).toFixed(1)} s (${steps.length} steps); screenshots in artifacts/e2e/board-*.png`);
