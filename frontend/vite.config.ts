import react from "@vitejs/plugin-react";
import type { Plugin } from "vite";
import { VitePWA } from "vite-plugin-pwa";
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
  plugins: [
    react(),
    preloadAppShell(),
    // The installable app: the manifest (linked from index.html) and the service worker built from
    // src/sw.ts, which precaches the app shell only (never /api). The page registers it itself
    // after the first render (src/lib/offline/start.ts): nothing inline, nothing in the first screen.
    VitePWA({
      strategies: "injectManifest",
      srcDir: "src",
      filename: "sw.ts",
      injectRegister: false,
      registerType: "autoUpdate",
      includeAssets: ["favicon.svg"],
      injectManifest: {
        globPatterns: ["**/*.{js,css,html,svg,png,webmanifest}"],
        // The lazy views are precached too, so each opens offline.
        maximumFileSizeToCacheInBytes: 3_000_000,
      },
      manifest: {
        id: "/",
        name: "Track: job applications",
        short_name: "Track",
        description: "Track every job application from applied to offer.",
        start_url: "/",
        scope: "/",
        display: "standalone",
        theme_color: "#1f5fbf",
        background_color: "#f6f7f9",
        icons: [
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
          {
            src: "/icons/maskable-512.png",
            sizes: "512x512",
            type: "image/png",
            purpose: "maskable",
          },
        ],
      },
    }),
  ],
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
