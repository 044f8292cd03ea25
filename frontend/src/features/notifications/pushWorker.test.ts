import { describe, expect, it, vi } from "vitest";
import { parsePush, registerPushHandlers, type PushWorkerScope } from "./pushWorker";

const ORIGIN = "https://track.example.com";

function fakeScope(
  windows: {
    url: string;
    focus: () => Promise<unknown>;
    navigate: (u: string) => Promise<unknown>;
  }[] = [],
) {
  const listeners = new Map<string, (event: never) => void>();
  const scope = {
    location: { origin: ORIGIN },
    registration: { showNotification: vi.fn(async () => undefined) },
    clients: {
      matchAll: vi.fn(async () => windows),
      openWindow: vi.fn(async () => undefined),
    },
    addEventListener: (type: string, listener: (event: never) => void) =>
      listeners.set(type, listener),
  } satisfies PushWorkerScope;
  const fire = async (type: string, event: object) => {
    const waits: Promise<unknown>[] = [];
    (listeners.get(type) as (e: unknown) => void)({
      ...event,
      waitUntil: (p: Promise<unknown>) => waits.push(p),
    });
    await Promise.all(waits);
  };
  return { scope, fire };
}

describe("the service worker's push handler", () => {
  it("shows the digest's summary as a notification", async () => {
    const { scope, fire } = fakeScope();
    registerPushHandlers(scope);
    const payload = {
      title: "Track",
      body: "Track: 1 today",
      url: `${ORIGIN}/`,
      tag: "digest-2026-03-10",
    };
    await fire("push", { data: { text: () => JSON.stringify(payload) } });
    expect(scope.registration.showNotification).toHaveBeenCalledWith("Track", {
      body: "Track: 1 today",
      tag: "digest-2026-03-10",
      data: { url: `${ORIGIN}/` },
      icon: "/icons/icon-192.png",
    });
  });

  it("opens the page on a tap, focusing a Track window when one is open", async () => {
    const open = {
      url: `${ORIGIN}/board`,
      focus: vi.fn(async () => undefined),
      navigate: vi.fn(async () => undefined),
    };
    const { scope, fire } = fakeScope([open]);
    registerPushHandlers(scope);
    const close = vi.fn();
    await fire("notificationclick", { notification: { data: { url: `${ORIGIN}/jobs/3` }, close } });
    expect(close).toHaveBeenCalled();
    expect(open.focus).toHaveBeenCalled();
    expect(open.navigate).toHaveBeenCalledWith(`${ORIGIN}/jobs/3`);

    const none = fakeScope();
    registerPushHandlers(none.scope);
    await none.fire("notificationclick", { notification: { data: { url: `${ORIGIN}/` }, close } });
    expect(none.scope.clients.openWindow).toHaveBeenCalledWith(`${ORIGIN}/`);
  });

  it("never leads elsewhere and survives a malformed push", () => {
    expect(parsePush(JSON.stringify({ body: "x", url: "https://evil.example/" }), ORIGIN).url).toBe(
      `${ORIGIN}/`,
    );
    expect(parsePush("not json", ORIGIN)).toEqual({
      title: "Track",
      body: "Your digest is ready.",
      tag: "digest",
      url: `${ORIGIN}/`,
    });
    expect(parsePush(null, ORIGIN).body).toBe("Your digest is ready.");
  });
});
