// The page's API types, src/generated/api.d.ts, from ../openapi.json (openapi-typescript).
// `make generate` runs `node frontend/scripts/api-types.mjs` (writes the file); `make
// generate-check` runs it with `--check`: regenerate into a temporary file and fail, with a
// diff, when the committed one differs.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const check = process.argv.includes("--check");
const here = path.dirname(fileURLToPath(import.meta.url));
const frontend = path.resolve(here, "..");
const committed = path.join(frontend, "src/generated/api.d.ts");
const name = "frontend/src/generated/api.d.ts";
const dir = mkdtempSync(path.join(tmpdir(), "track-api-types-"));
const fresh = path.join(dir, "api.d.ts");
try {
  const bin = path.join(frontend, "node_modules/.bin/openapi-typescript");
  const run = spawnSync(bin, ["../openapi.json", "--output", fresh], {
    cwd: frontend,
    encoding: "utf8",
  });
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    process.exit(run.status ?? 1);
  }
  let current = "";
  try {
    current = readFileSync(committed, "utf8");
  } catch {
    // missing: stale, or written below
  }
  const same = current === readFileSync(fresh, "utf8");
  if (check && same) {
    console.log(`${name}: up to date with openapi.json`);
  } else if (check) {
    spawnSync("diff", ["-u", committed, fresh], { stdio: "inherit" });
    console.error(`${name} is stale; run \`make generate\` and commit the result.`);
    process.exitCode = 1;
  } else if (same) {
    console.log(`${name} was up to date`);
  } else {
    copyFileSync(fresh, committed);
    console.log(`wrote ${name}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
