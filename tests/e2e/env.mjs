// What every browser journey shares: the repository root, playwright-core (a dev dependency of
// the front end, resolved from there), the stack's URL from scripts/e2e_stack.py (TRACK_URL),
// the screenshot folder and the two viewport sizes.
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const { chromium } = createRequire(path.join(ROOT, "frontend/package.json"))(
  "playwright-core",
);

export const BASE = process.env.TRACK_URL;
if (!BASE) throw new Error("TRACK_URL is not set; run through scripts/e2e_stack.py");
export const SHOTS = path.join(ROOT, "artifacts/e2e");
mkdirSync(SHOTS, { recursive: true });
export const TIMEOUT = 10_000;
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 800 };
