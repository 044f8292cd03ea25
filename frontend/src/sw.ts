/// <reference lib="webworker" />
/** The service worker (built by vite-plugin-pwa's injectManifest from this file): the app shell
 * only. The built page's files are precached (their names carry a content hash), every page
 * route answers the precached index.html, and the runtime config is fetched network-first so a
 * reload on a train still starts. Nothing under /api is ever cached here: one user's answers must
 * not sit in a cache the next user of the device could read (the signed-in page keeps its own,
 * per user, in IndexedDB: src/lib/offline/). The digest's push and a click on it are handled by
 * features/notifications/pushWorker. */
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { NetworkFirst } from "workbox-strategies";
import { registerPushHandlers } from "./features/notifications/pushWorker";

declare const self: ServiceWorkerGlobalScope;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// /jobs/12, /board...: the page. Never /api (the API's own answers) nor a file name.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL("/index.html"), {
    denylist: [/^\/api(\/|$)/, /\/[^/?]+\.[^/?]+$/],
  }),
);

// The runtime config (which sign-in, which API): the same for every user.
registerRoute(
  ({ url, request }) =>
    url.origin === self.location.origin &&
    url.pathname === "/config.json" &&
    request.method === "GET",
  new NetworkFirst({ cacheName: "track-config", networkTimeoutSeconds: 3 }),
);

// A new worker takes over at once: the shell it serves is the one the server has now.
// The runtime config is fetched once at install too, so the first reload offline starts.
self.addEventListener("install", (event) => {
  void self.skipWaiting();
  event.waitUntil(
    caches
      .open("track-config")
      .then((cache) => cache.add("/config.json"))
      .catch(() => undefined),
  );
});
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// The morning digest's one-line summary, and opening Track when it is clicked.
registerPushHandlers(self);
