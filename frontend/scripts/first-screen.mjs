// `npm run size` (and `make frontend-build`): the gzipped JavaScript (and, for comparison, CSS) of the first screen (the
// entry chunk, the app shell it imports at start, and every chunk they import statically, from
// Vite's manifest), each lazy chunk beside it, and a failure when the first screen is over budget.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

// KB here is 1,000 bytes, as the budget is stated.
const BUDGET = 110_000;
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist");
const manifest = JSON.parse(readFileSync(path.join(dist, ".vite/manifest.json"), "utf8"));
const gz = (file) => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
const first = new Set();
// main.tsx imports the app shell dynamically (its own task), but always, before the first render.
const SHELL = "src/app/App.tsx";
(function walk(key) {
  if (first.has(key)) return;
  first.add(key);
  for (const next of manifest[key].imports ?? []) walk(next);
  for (const next of manifest[key].dynamicImports ?? []) if (next === SHELL) walk(next);
})(entryKey);

let total = 0;
let cssTotal = 0;
console.log("First screen (loaded before anything renders):");
for (const key of first) {
  const size = gz(manifest[key].file);
  total += size;
  console.log(`  ${manifest[key].file.padEnd(40)} ${kb(size).padStart(9)} gzipped`);
  for (const css of manifest[key].css ?? []) {
    cssTotal += gz(css);
    console.log(`  ${css.padEnd(40)} ${kb(gz(css)).padStart(9)} gzipped (CSS)`);
  }
}
console.log("Loaded when needed:");
for (const [key, chunk] of Object.entries(manifest)) {
  if (first.has(key) || !chunk.file.endsWith(".js")) continue;
  console.log(`  ${chunk.file.padEnd(40)} ${kb(gz(chunk.file)).padStart(9)} gzipped`);
}
console.log(`First-screen JS: ${kb(total)} gzipped, ${total} bytes (budget ${kb(BUDGET)})`);
console.log(
  `First-screen CSS: ${kb(cssTotal)} gzipped, ${cssTotal} bytes (no budget; for comparison)`,
);
if (total > BUDGET) {
  console.error("Over budget: lazy-load what the first screen does not need.");
  process.exitCode = 1;
}
