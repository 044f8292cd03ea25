// The page on a phone without signal, in real headless Chromium against the real stack that
// scripts/e2e_stack.py starts (TRACK_URL): the install criteria (a web app manifest with its
// icons, a service worker in control), a reload offline that still shows the jobs the user saw
// (their own cache in IndexedDB) under an offline banner, a step added offline shown as pending
// and sent once when the connection is back, a write whose answer was lost sent again with the
// same Idempotency-Key and done once, a write the server refuses (409) kept on the job with the
// user's input, and sign-out offline leaving nothing of the user on the device. Then the train:
// every page of the browser closed (the tab's session gone with it) and the app opened again
// offline shows the last user's jobs read-only from the device (an interview's address and time);
// a step added there waits until that user signs in again online, then is sent once; sign-out
// from that state leaves only the sign-in at the next start. Screenshots at 375 px go to
// artifacts/e2e/.
import path from "node:path";

import { apiAs, assert, BASE, journeyHarness, localDate, PHONE, SHOTS, signIn, TIMEOUT, launchChromium, waitUntil } from "./env.mjs";

const started = Date.now();
const { run, step, watch } = journeyHarness("offline-failure.png");
const { consoleErrors } = run;
let page;

const shot = (name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
const dialog = () => page.locator("dialog[open]").last();
const banner = () => page.locator(".offline-banner");
const pending = () => page.locator('.pending-write[data-state="pending"]');
const refused = () => page.locator('.pending-write[data-state="refused"]');

/** The page's offline database: every key, and the Cache Storage URLs (the service worker's). */
const deviceData = () =>
  page.evaluate(async () => {
    const keys = await new Promise((resolve, reject) => {
      const open = indexedDB.open("track-offline");
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains("kv")) return resolve([]);
        const all = db.transaction("kv").objectStore("kv").getAllKeys();
        all.onsuccess = () => resolve(all.result);
        all.onerror = () => reject(all.error);
      };
    });
    const urls = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    }
    return { keys, urls };
  });

/** The page's origin storage as a script there sees it: what a start with no session can read. */
const webStorage = () => page.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage } }));

const browser = await launchChromium();
const context = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
context.setDefaultTimeout(TIMEOUT);
// Every event POST the pages make, with its key: the proof that a retry reuses it.
const eventPosts = [];
/** A new page of the same browser (storage and service worker kept; a new tab's session is empty). */
async function openPage() {
  page = await context.newPage();
  run.page = page;
  watch(page);
  page.on("request", (request) => {
    if (request.method() === "POST" && /\/api\/tracked\/\d+\/events$/.test(new URL(request.url()).pathname)) {
      eventPosts.push(request.headers()["idempotency-key"]);
    }
  });
}
/** The installed app closed (every page of the browser) and opened again, offline. */
async function reopenOffline() {
  for (const open of context.pages()) await open.close();
  await context.setOffline(true);
  await openPage();
  await page.goto(BASE);
}
await openPage();

try {
  let job;
  const events = async () => (await apiAs(page, "GET", `/api/tracked/${job.id}`)).events;

  await step("installable: the manifest, its icons, and a service worker in control", async () => {
    await page.goto(BASE);
    await signIn(page, "olive");
    job = await apiAs(page, "POST", "/api/tracked", { company: "Umbrella", title: "Field Engineer" });
    const href = await page.locator('link[rel="manifest"]').getAttribute("href");
    const manifest = await (await fetch(new URL(href, BASE))).json();
    assert(manifest.name && manifest.short_name === "Track", `manifest names: ${manifest.name}`);
    assert(manifest.start_url === "/" && manifest.scope === "/" && manifest.display === "standalone", "start_url, scope, display");
    const sizes = manifest.icons.map((icon) => `${icon.sizes}/${icon.purpose}`);
    for (const want of ["192x192/any", "512x512/any", "512x512/maskable"]) assert(sizes.includes(want), `icons ${sizes}`);
    for (const icon of manifest.icons) {
      const response = await fetch(new URL(icon.src, BASE));
      assert(response.ok && response.headers.get("content-type") === "image/png", `${icon.src}: ${response.status}`);
    }
    await waitUntil(() => page.evaluate(() => navigator.serviceWorker.controller?.state === "activated"), "the service worker in control");
    const policy = (await page.goto(`${BASE}/`)).headers()["content-security-policy"];
    assert(policy.includes("worker-src 'self'") && policy.includes("manifest-src 'self'"), `CSP: ${policy}`);
    await signIn(page, "olive").catch(() => {}); // the tab's session survives the reload
    await page.getByRole("link", { name: /Field Engineer/ }).first().click();
    await page.getByRole("heading", { name: "Field Engineer" }).waitFor();
    await waitUntil(async () => (await deviceData()).keys.includes("cache:olive"), "the cache kept on the device");
    const { urls } = await deviceData();
    assert(!urls.some((url) => url.startsWith("/api")), `the service worker cached API answers: ${urls}`);
  });

  await step("offline: a reload still shows the job, under a banner saying since when", async () => {
    await context.setOffline(true);
    await page.reload();
    await page.getByRole("heading", { name: "Field Engineer" }).waitFor();
    const text = await banner().innerText();
    assert(/You're offline — showing what you saw at \d\d:\d\d/.test(text), `banner: ${text}`);
    await page.getByRole("link", { name: "All jobs" }).click();
    await page.getByRole("link", { name: /Field Engineer/ }).first().waitFor();
    await shot("offline-01-jobs-375");
    await page.getByRole("link", { name: /Field Engineer/ }).first().click();
    await page.getByRole("heading", { name: "Field Engineer" }).waitFor();
  }, { expectHttpErrors: true }); // offline: the page's requests fail, as they should

  await step("a step added offline is shown pending, and kept on the device", async () => {
    await page.getByRole("button", { name: "Record application", exact: true }).click();
    await dialog().getByLabel("Date applied").fill(localDate(0));
    await dialog().getByRole("button", { name: "Record application" }).click();
    await dialog().waitFor({ state: "detached" });
    await pending().getByText("applied").waitFor();
    assert((await banner().innerText()).includes("1 change waits to be sent"), await banner().innerText());
    assert((await deviceData()).keys.includes("outbox:olive"), "the queue is on the device");
    await shot("offline-02-pending-375");
  }, { expectHttpErrors: true }); // offline: the page's requests fail, as they should

  await step("back online: the step is sent once and the job shows it", async () => {
    await context.setOffline(false);
    await pending().waitFor({ state: "detached" });
    await page.locator(".timeline-item").filter({ hasText: "Applied" }).first().waitFor();
    const saved = await events();
    assert(saved.length === 1 && saved[0].event_type === "applied", `events: ${JSON.stringify(saved)}`);
    assert(eventPosts.length === 1, `event POSTs: ${eventPosts.length}`);
  }, { expectHttpErrors: true }); // a read started offline may fail as the connection returns

  await step("an answer lost after the server committed: sent again with the same key, done once", async () => {
    // The request reaches the server (which commits), then the connection drops before the answer.
    await context.route(`**/api/tracked/${job.id}/events`, async (route) => {
      await route.fetch();
      await route.abort("connectionreset");
    }, { times: 1 });
    const before = eventPosts.length;
    await page.getByRole("button", { name: "Record screening", exact: true }).click();
    await dialog().getByRole("button", { name: "Record screening" }).click();
    await dialog().waitFor({ state: "detached" });
    await waitUntil(async () => (await events()).length === 2 && !(await pending().count()), "the screening saved and sent");
    await page.waitForTimeout(500);
    const saved = await events();
    assert(saved.length === 2, `events after the retry: ${saved.map((e) => e.event_type)}`);
    const keys = eventPosts.slice(before);
    assert(keys.length === 2 && keys[0] && keys[0] === keys[1], `the retry's keys: ${keys}`);
    await page.locator(".timeline-item").filter({ hasText: "Screening" }).first().waitFor();
  }, { expectHttpErrors: true });

  await step("a write the server refuses (409) is kept on the job with the user's input", async () => {
    await context.setOffline(true);
    await page.getByRole("button", { name: /^Record interview/ }).first().click();
    await dialog().getByLabel("Interviewer").fill("Ada Wong").catch(() => {});
    await dialog().getByRole("button", { name: /^Record interview/ }).click();
    await dialog().waitFor({ state: "detached" });
    await pending().waitFor();
    // Meanwhile the job was closed elsewhere: the server refuses a step on it.
    await fetch(`${BASE}/api/tracked/${job.id}/events`, {
      method: "POST",
      headers: { Authorization: `Bearer ${await page.evaluate(() => JSON.parse(sessionStorage.getItem("track.auth.dev")).token)}`, "Content-Type": "application/json" },
      body: JSON.stringify({ event_type: "rejected", event_date: localDate(0) }),
    });
    await context.setOffline(false);
    await refused().waitFor();
    const text = await refused().innerText();
    assert(text.includes("Not saved") && text.includes("interview"), `refusal: ${text}`);
    await refused().getByText("What you entered").click();
    await shot("offline-03-refused-375");
    assert((await events()).every((e) => e.event_type !== "interview"), "nothing written");
    assert((await deviceData()).keys.includes("outbox:olive"), "the refused write is still on the device");
  }, { expectHttpErrors: true });

  await step("sign-out offline leaves nothing of the user on the device", async () => {
    await context.setOffline(true);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Continue as").waitFor();
    const { keys, urls } = await deviceData();
    assert(keys.length === 0, `left on the device: ${keys}`);
    assert(!urls.some((url) => url.startsWith("/api")), `cached API answers: ${urls}`);
    await page.reload();
    await page.getByLabel("Continue as").waitFor();
    assert((await page.getByText("Field Engineer").count()) === 0, "the job is readable after sign-out");
    await shot("offline-04-signed-out-375");
    await context.setOffline(false);
  }, { expectHttpErrors: true }); // offline: the page's requests fail, as they should

  let trip;
  const onTrip = () => page.locator(".pending-write").filter({ hasText: "interview" });
  await step("the app opened again offline, with no session: the last user's jobs, read-only", async () => {
    await signIn(page, "olive");
    trip = await apiAs(page, "POST", "/api/tracked", { company: "Globex", title: "Site Engineer" });
    await apiAs(page, "POST", `/api/tracked/${trip.id}/events`, { event_type: "applied", event_date: localDate(-3) });
    await apiAs(page, "POST", `/api/tracked/${trip.id}/events`, {
      event_type: "interview",
      event_date: localDate(1),
      event_time: "10:30",
      location: "12 Harbour Road, Leeds",
    });
    await page.goto(`${BASE}/jobs/${trip.id}`);
    await page.getByRole("heading", { name: "Site Engineer" }).waitFor();
    await page.getByText("12 Harbour Road, Leeds").filter({ visible: true }).first().waitFor();
    await waitUntil(
      () => page.evaluate(() => new Promise((resolve) => {
        const open = indexedDB.open("track-offline");
        open.onsuccess = () => {
          const read = open.result.transaction("kv").objectStore("kv").get("cache:olive");
          read.onsuccess = () => resolve(JSON.stringify(read.result ?? "").includes("12 Harbour Road"));
        };
      })),
      "the interview kept on the device",
    );

    await reopenOffline();
    await page.getByRole("link", { name: /Site Engineer/ }).first().waitFor();
    assert((await page.getByLabel("Continue as").count()) === 0, "the sign-in is shown");
    const text = await banner().innerText();
    assert(
      /^You're offline — showing what you saw at \d\d:\d\d( [AP]M)?; sign in when you're back online to send changes\.$/.test(text),
      `banner: ${text}`,
    );
    // Whose data it is, and nothing that signs in: no token on the device.
    const { local, session } = await webStorage();
    assert(Object.keys(session).length === 0, `a session in the new page: ${Object.keys(session)}`);
    assert(JSON.stringify(local) === JSON.stringify({ "track.offline.user": JSON.stringify({ sub: "olive", name: "olive" }) }), `localStorage: ${JSON.stringify(local)}`);
    await shot("offline-05-start-375");
    await page.getByRole("link", { name: /Site Engineer/ }).first().click();
    await page.getByRole("heading", { name: "Site Engineer" }).waitFor();
    await page.getByText("12 Harbour Road, Leeds").filter({ visible: true }).first().waitFor();
    await banner().waitFor();
    await shot("offline-06-start-job-375");
  }, { expectHttpErrors: true });

  await step("a step added there waits for the same user's sign-in online, then is sent once", async () => {
    const before = eventPosts.length;
    await page.getByRole("button", { name: /^Record interview/ }).first().click();
    await dialog().getByRole("button", { name: /^Record interview/ }).click();
    await dialog().waitFor({ state: "detached" });
    await onTrip().waitFor();
    assert((await onTrip().innerText()).includes("sent once you sign in"), await onTrip().innerText());
    assert((await banner().innerText()).includes("1 change waits to be sent"), await banner().innerText());
    await context.setOffline(false);
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    const text = await banner().innerText();
    assert(text.includes("You're back online: sign in to see the latest and send your 1 change."), `banner: ${text}`);
    await page.getByText("12 Harbour Road, Leeds").filter({ visible: true }).first().waitFor();
    await shot("offline-07-back-online-375");
    assert(eventPosts.length === before, "a write sent with no session");
    await page.getByRole("button", { name: "Sign in" }).click();
    await signIn(page, "olive");
    await page.getByRole("heading", { name: "Site Engineer" }).waitFor();
    // The signed-in page loads the queue, then sends it: wait for the server to have it.
    const saved = async () => (await apiAs(page, "GET", `/api/tracked/${trip.id}`)).events.map((e) => e.event_type);
    await waitUntil(async () => (await saved()).length === 3, "the step sent after the sign-in");
    await onTrip().waitFor({ state: "detached" });
    await page.waitForTimeout(500);
    assert(JSON.stringify(await saved()) === JSON.stringify(["applied", "interview", "interview"]), `events: ${await saved()}`);
    assert(eventPosts.length === before + 1, `event POSTs: ${eventPosts.length - before}`);
  }, { expectHttpErrors: true }); // no session: the page's reads are refused until the sign-in

  await step("signed out from a start offline: the next start offline is the sign-in alone", async () => {
    await reopenOffline();
    await page.getByRole("link", { name: /Site Engineer/ }).first().waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Continue as").waitFor();
    const { keys } = await deviceData();
    assert(keys.length === 0, `left on the device: ${keys}`);
    assert(!("track.offline.user" in (await webStorage()).local), "the user is still remembered");
    await reopenOffline();
    await page.getByLabel("Continue as").waitFor();
    assert((await page.getByText("Site Engineer").count()) === 0, "the job is readable after sign-out");
    assert((await page.locator(".offline-banner").count()) === 0, "a banner over the sign-in");
    await shot("offline-08-signed-out-start-375");
    await context.setOffline(false);
  }, { expectHttpErrors: true });

  assert(consoleErrors.length === 0, `console errors:\n  ${consoleErrors.join("\n  ")}`);
} finally {
  await browser.close();
}

console.log(`e2e offline passed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in artifacts/e2e/`);
