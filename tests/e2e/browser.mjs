// Debian's Chromium, headless, driven by playwright-core (a dev dependency of the front end,
// resolved from there): what the browser journeys (env.mjs) and the page benches
// (scripts/bench/first_render.mjs, jobs_table.mjs) launch. CHROMIUM_PATH overrides the path.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const { chromium } = createRequire(path.join(ROOT, "frontend/package.json"))(
  "playwright-core",
);

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}
