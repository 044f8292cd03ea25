/** The /capture window's side of the bookmarklet's handshake: say "ready" to the page that
 * opened it, take the page it answers with (only from that window, only from another origin,
 * only of the expected shape), and keep it in sessionStorage so a sign-in or a reload in between
 * loses nothing. */

import { PAGE_MESSAGE, READY_MESSAGE } from "./messages";

export interface CapturedPage {
  url: string;
  html: string;
}

const STORAGE_KEY = "track.capture.page";
// The API's own caps: a page it would refuse is not taken.
const MAX_URL = 2000;
const MAX_HTML = 1024 * 1024;

/** The page a message carries, or null when it is not one to take. */
export function acceptPage(
  event: Pick<MessageEvent, "origin" | "source" | "data">,
  own: { origin: string; opener: unknown },
): CapturedPage | null {
  if (!own.opener || event.source !== own.opener || event.origin === own.origin) return null;
  const data = event.data as { type?: unknown; url?: unknown; html?: unknown } | null;
  if (!data || typeof data !== "object" || data.type !== PAGE_MESSAGE) return null;
  if (typeof data.url !== "string" || typeof data.html !== "string") return null;
  if (data.url.length > MAX_URL || data.html.length > MAX_HTML) return null;
  let url: URL;
  try {
    url = new URL(data.url);
  } catch {
    return null;
  }
  // The page speaks for itself only: its address must be on the origin that sent it.
  if (!/^https?:$/.test(url.protocol) || url.origin !== event.origin) return null;
  return { url: data.url, html: data.html };
}

export function storedPage(): CapturedPage | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    const page = raw ? (JSON.parse(raw) as CapturedPage) : null;
    return page && typeof page.url === "string" && typeof page.html === "string" ? page : null;
  } catch {
    return null;
  }
}

export function forgetStoredPage() {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** Listen for the page, say "ready" to the opener; returns the unsubscribe function. */
export function listenForPage(onPage: (page: CapturedPage) => void): () => void {
  function onMessage(event: MessageEvent) {
    const page = acceptPage(event, { origin: window.location.origin, opener: window.opener });
    if (!page) return;
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(page));
    } catch {
      // storage full or refused: the page is still shown, just not kept over a reload
    }
    onPage(page);
  }
  window.addEventListener("message", onMessage);
  // "*": the opener's origin is not known here, and "ready" carries nothing; the page itself
  // comes back only to a message from that very window (acceptPage).
  (window.opener as Window | null)?.postMessage({ type: READY_MESSAGE }, "*");
  return () => window.removeEventListener("message", onMessage);
}
