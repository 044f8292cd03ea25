// The digest mail and the unsubscribe page rendered in Chromium (light and dark at 375 px, light
// at 1280 px), as PNGs beside the HTML that scripts/mail_preview.py wrote to artifacts/mail/.
import path from "node:path";
import { pathToFileURL } from "node:url";

import { launchChromium, ROOT } from "../tests/e2e/browser.mjs";

const OUT = path.join(ROOT, "artifacts/mail");
const SHOTS = [
  ["digest.html", "digest-375-light.png", 375, "light"],
  ["digest.html", "digest-375-dark.png", 375, "dark"],
  ["digest.html", "digest-1280-light.png", 1280, "light"],
  ["digest.html", "digest-1280-dark.png", 1280, "dark"],
  ["unsubscribe.html", "unsubscribe-375-dark.png", 375, "dark"],
  ["unsubscribe.html", "unsubscribe-1280-light.png", 1280, "light"],
  ["unsubscribed.html", "unsubscribed-375-light.png", 375, "light"],
];

const browser = await launchChromium();
try {
  for (const [file, png, width, scheme] of SHOTS) {
    const page = await browser.newPage({ viewport: { width, height: 800 }, colorScheme: scheme });
    await page.goto(pathToFileURL(path.join(OUT, file)).href);
    await page.screenshot({ path: path.join(OUT, png), fullPage: true });
    await page.close();
    console.log(`artifacts/mail/${png}`);
  }
} finally {
  await browser.close();
}
