import react from "@vitejs/plugin-react";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";

/** The app shell (src/app/App.tsx) is imported by main.tsx at start, so its chunk is evaluated
 * in a task of its own; this asks for it from the HTML, with the entry, instead of once the
 * entry has run (with the chunks it imports). scripts/first-screen.mjs counts them in the first
 * screen. */
function preloadAppShell(): Plugin {
  return {
    name: "track-preload-app-shell",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(_html, ctx) {
        const shell = Object.values(ctx.bundle ?? {}).find(
          (chunk) => chunk.type === "chunk" && chunk.facadeModuleId?.endsWith("/src/app/App.tsx"),
        );
        if (!shell || shell.type !== "chunk") return [];
        // The shell and the chunks it imports statically: all fetched alongside the entry.
        const entries = new Set(
          Object.values(ctx.bundle ?? {})
            .filter((chunk) => chunk.type === "chunk" && chunk.isEntry)
            .map((chunk) => chunk.fileName),
        );
        const files = [shell.fileName, ...shell.imports].filter((file) => !entries.has(file));
        return files.map((file) => ({
          tag: "link",
          attrs: { rel: "modulepreload", crossorigin: true, href: `/${file}` },
          injectTo: "head" as const,
        }));
      },
    },
  };
}

// `npm run dev` serves the page with hot reload and sends /api to the backend that
// `make dev` (or uvicorn by hand) runs on :8000, so the page and API share an origin.
const apiTarget = process.env.TRACK_API_URL || "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react(), preloadAppShell()],
  server: {
    port: 5173,
    proxy: { "/api": { target: apiTarget, changeOrigin: false } },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    target: "es2022",
    // Vite's build manifest: scripts/first-screen.mjs reads it to measure the first screen.
    manifest: true,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
  },
});
