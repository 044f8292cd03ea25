// @vitest-environment node
/** The import boundaries (eslint.config.js `boundaries`), applied to sample imports from real
 * folders: a feature may use the shared layers, not another feature or app/; the shared layers
 * use no feature; app/ composes. */
import path from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
let eslint: ESLint;

beforeAll(async () => {
  const configPath = path.join(root, "eslint.config.js");
  const { boundaries } = (await import(/* @vite-ignore */ configPath)) as {
    boundaries: Record<string, unknown>;
  };
  eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ languageOptions: { parser: tseslint.parser } }, boundaries],
  });
});

/** The rules each import breaks, for a file at `from` (relative to src/). */
async function broken(from: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import "${specifier}";\n`, {
    filePath: path.join(root, "src", from),
  });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe("front-end boundaries", () => {
  it("lets a feature import its own files and the shared layers", async () => {
    for (const specifier of [
      "./BoardColumn",
      "../model/boardModel",
      "../../../components/ui/Dialog",
      "../../../lib/useAllJobs",
      "../../../generated/trackingSchema.js",
      "../../../test/factories",
    ]) {
      expect(await broken("features/board/components/Probe.tsx", specifier)).toEqual([]);
    }
  });

  it("refuses a feature importing another feature, even lazily or for a test", async () => {
    expect(
      await broken(
        "features/board/components/Probe.tsx",
        "../../job-detail/components/EventDialog",
      ),
    ).toEqual(["import-x/no-restricted-paths"]);
    expect(
      await broken(
        "features/settings/components/Probe.test.tsx",
        "../../calendar/components/SubscribeDialog",
      ),
    ).toEqual(["import-x/no-restricted-paths"]);
    expect(
      await broken("features/job-detail/components/Probe.tsx", "../../calendar/api/calendarApi"),
    ).toEqual(["import-x/no-restricted-paths"]);
  });

  it("refuses a feature importing the app that composes it", async () => {
    expect(await broken("features/auth/components/Probe.tsx", "../../../app/App")).toEqual([
      "import-x/no-restricted-paths",
    ]);
  });

  it("refuses the shared layers importing a feature or the app", async () => {
    expect(await broken("lib/probe.ts", "../features/job-list/components/JobsView")).toEqual([
      "import-x/no-restricted-paths",
    ]);
    expect(await broken("components/Probe.tsx", "../app/AppRoutes")).toEqual([
      "import-x/no-restricted-paths",
    ]);
    expect(await broken("lib/probe.ts", "../components/ui/Dialog")).toEqual([
      "import-x/no-restricted-paths",
    ]);
  });

  it("lets the app compose features", async () => {
    expect(await broken("app/Probe.tsx", "../features/board/components/BoardView")).toEqual([]);
    expect(await broken("app/Probe.tsx", "../features/job-detail/components/EventDialog")).toEqual(
      [],
    );
  });

  it("fails an import it cannot follow, so no import slips past the zones unchecked", async () => {
    expect(await broken("features/board/components/Probe.tsx", "../../nowhere/Thing")).toEqual([
      "import-x/no-unresolved",
    ]);
  });
});
