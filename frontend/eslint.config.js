import { readdirSync } from "node:fs";
import js from "@eslint/js";
import { createNodeResolver, importX } from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const FEATURES = readdirSync(new URL("src/features", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const FEATURE_RULE =
  "A feature imports only components/, lib/ and generated/ (and src/test/ in tests), never another feature or app/: move the shared piece down to components/ or lib/, or let app/ compose the two (app/BoardScreen.tsx, app/SettingsScreen.tsx).";
const SHARED_RULE =
  "components/, lib/ and generated/ sit below the features and app/: they import neither.";

/** The front end's layers, checked on every import as bulletproof-react does: app/ composes
 * the features; each feature sees only the shared layers; the shared layers see no feature.
 * One zone per feature folder, read from the disk, so a new feature is covered at once.
 * `no-unresolved` keeps the check honest: an import the resolver cannot follow would pass the
 * zones unseen. src/boundaries.test.ts lints sample imports against these rules. */
export const boundaries = {
  files: ["src/**/*.{ts,tsx}"],
  plugins: { "import-x": importX },
  settings: {
    "import-x/resolver-next": [
      createNodeResolver({ extensions: [".ts", ".tsx", ".d.ts", ".js", ".json"] }),
    ],
  },
  rules: {
    "import-x/no-unresolved": "error",
    "import-x/no-restricted-paths": [
      "error",
      {
        basePath: import.meta.dirname,
        zones: [
          ...FEATURES.map((name) => ({
            target: `./src/features/${name}`,
            from: "./src/features",
            except: [`./${name}`],
            message: FEATURE_RULE,
          })),
          { target: "./src/features", from: "./src/app", message: FEATURE_RULE },
          {
            target: ["./src/components", "./src/lib", "./src/generated"],
            from: ["./src/features", "./src/app"],
            message: SHARED_RULE,
          },
          {
            target: ["./src/lib", "./src/generated"],
            from: "./src/components",
            message: SHARED_RULE,
          },
        ],
      },
    ],
  },
};

// Correctness only (Prettier owns the layout), with type information for the TypeScript.
export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "src/generated/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  boundaries,
  {
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "module",
      globals: { ...globals.browser },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      // An event handler may return the promise of its async work; React ignores it.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: false }],
    },
  },
  {
    files: ["**/*.test.{ts,tsx}", "src/test/**"],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // Test doubles are loosely typed on purpose.
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/unbound-method": "off",
    },
  },
  {
    files: ["**/*.{js,mjs}"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
);
