/** The service worker's side of Web Push: `registerPushHandlers(self)` from src/sw.ts adds the
 * `push` listener (the digest's one-line summary, decrypted by the browser, shown as a
 * notification) and the `notificationclick` listener (focus a Track window and open the
 * summary's page, or open one).
 *
 * Typed structurally (the few members used), so this module builds under the page's DOM
 * types and is tested without a worker; a ServiceWorkerGlobalScope fits `PushWorkerScope`. */

export interface PushPayload {
  title: string;
  body: string;
  /** Where a tap leads: always this origin (another origin's address becomes "/"). */
  url: string;
  tag: string;
}

interface Waits {
  waitUntil(promise: Promise<unknown>): void;
}
interface PushEventLike extends Waits {
  readonly data: { text(): string } | null;
}
interface NotificationClickEventLike extends Waits {
  readonly notification: { readonly data: unknown; close(): void };
}
interface WindowClientLike {
  readonly url: string;
  focus(): Promise<unknown>;
  navigate(url: string): Promise<unknown>;
}

export interface PushWorkerScope {
  readonly location: { readonly origin: string };
  readonly registration: {
    showNotification(
      title: string,
      options: { body: string; tag: string; data: unknown; icon?: string },
    ): Promise<void>;
  };
  readonly clients: {
    matchAll(options: {
      type: "window";
      includeUncontrolled: boolean;
    }): Promise<readonly WindowClientLike[]>;
    openWindow(url: string): Promise<unknown>;
  };
  addEventListener(type: "push", listener: (event: PushEventLike) => void): void;
  addEventListener(
    type: "notificationclick",
    listener: (event: NotificationClickEventLike) => void,
  ): void;
}

const FALLBACK: Omit<PushPayload, "url"> = {
  title: "Track",
  body: "Your digest is ready.",
  tag: "digest",
};

/** The payload the sender pushes (notifications/sender.py `push_summary`), checked: anything
 * missing or odd falls back to a plain notice, and a link elsewhere to the page's root. */
export function parsePush(text: string | null, origin: string): PushPayload {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (parsed && typeof parsed === "object") raw = parsed as Record<string, unknown>;
  } catch {
    raw = {};
  }
  const str = (value: unknown, fallback: string) =>
    typeof value === "string" && value.trim() ? value.slice(0, 200) : fallback;
  let url = `${origin}/`;
  if (typeof raw.url === "string") {
    try {
      const target = new URL(raw.url, origin);
      if (target.origin === origin) url = target.href;
    } catch {
      // not a URL: the page's root
    }
  }
  return {
    title: str(raw.title, FALLBACK.title),
    body: str(raw.body, FALLBACK.body),
    tag: str(raw.tag, FALLBACK.tag),
    url,
  };
}

async function openPage(scope: PushWorkerScope, url: string): Promise<void> {
  const windows = await scope.clients.matchAll({ type: "window", includeUncontrolled: true });
  const open = windows.find((client) => client.url.startsWith(scope.location.origin));
  if (open) {
    await open.focus();
    await open.navigate(url);
    return;
  }
  await scope.clients.openWindow(url);
}

export function registerPushHandlers(scope: PushWorkerScope): void {
  scope.addEventListener("push", (event: PushEventLike) => {
    const payload = parsePush(event.data?.text() ?? null, scope.location.origin);
    event.waitUntil(
      scope.registration.showNotification(payload.title, {
        body: payload.body,
        tag: payload.tag,
        data: { url: payload.url },
        icon: "/icons/icon-192.png",
      }),
    );
  });
  scope.addEventListener("notificationclick", (event: NotificationClickEventLike) => {
    event.notification.close();
    const data = event.notification.data as { url?: unknown } | null;
    const url = parsePush(JSON.stringify({ url: data?.url }), scope.location.origin).url;
    event.waitUntil(openPage(scope, url));
  });
}
