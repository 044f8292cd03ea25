// `npm run openapi:check`: regenerates the API types from ../openapi.json into a temporary file
// and fails, with a diff, when src/generated/api.d.ts differs (run `npm run openapi:types`).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const frontend = path.resolve(here, "..");
const committed = path.join(frontend, "src/generated/api.d.ts");
const dir = mkdtempSync(path.join(tmpdir(), "track-openapi-"));
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
  if (readFileSync(committed, "utf8") === readFileSync(fresh, "utf8")) {
    console.log("openapi:check: src/generated/api.d.ts matches ../openapi.json");
  } else {
    spawnSync("diff", ["-u", committed, fresh], { stdio: "inherit" });
    console.error(
      "openapi:check: src/generated/api.d.ts is stale; run `npm run openapi:types` in frontend/",
    );
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
