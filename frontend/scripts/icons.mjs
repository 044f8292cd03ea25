// `node scripts/icons.mjs`: draws the app's icons (public/icons/*.png, committed) from its logo,
// public/favicon.svg, in headless Chromium (playwright-core, as the browser journeys use): 192 and
// 512 px as they are, and a maskable 512 px whose mark sits inside the central safe circle (80 %)
// on a full-bleed background, as launchers crop it to any shape.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { launchChromium } from "../../tests/e2e/browser.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const publicDir = path.join(here, "../public");
const logo = readFileSync(path.join(publicDir, "favicon.svg"), "utf8");
const BRAND = /fill="(#[0-9a-fA-F]{6})"/.exec(logo)[1];

const plain = (size) =>
  `<body style="margin:0;background:transparent"><img src="data:image/svg+xml;base64,${Buffer.from(logo).toString("base64")}" width="${size}" height="${size}" style="display:block"></body>`;
// The mark alone (no rounded square), 60 % of the side, centred on the brand colour.
const mark = logo.replace(/<rect[^>]*\/>/, "");
const maskable = (size) =>
  `<body style="margin:0;background:${BRAND};width:${size}px;height:${size}px;display:grid;place-items:center"><img src="data:image/svg+xml;base64,${Buffer.from(mark).toString("base64")}" width="${size * 0.6}" height="${size * 0.6}"></body>`;

const browser = await launchChromium();
try {
  for (const [name, size, html] of [
    ["icon-192.png", 192, plain(192)],
    ["icon-512.png", 512, plain(512)],
    ["maskable-512.png", 512, maskable(512)],
  ]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(html);
    await page.screenshot({ path: path.join(publicDir, "icons", name), omitBackground: true });
    await page.close();
    console.log(`public/icons/${name}`);
  }
} finally {
  await browser.close();
}
