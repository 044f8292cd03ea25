import { screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFakeServer, json } from "../../../test/fakeServer";
import { renderWithApp } from "../../../test/render";
import type { NotificationSettings as Settings } from "../api/notificationsApi";
import { keyBytes } from "../model/pushDevice";
import { NotificationSettings } from "./NotificationSettings";

const SAVED: Settings = {
  email: "alice@example.com",
  digest: true,
  digest_hour: 7,
  timezone: "UTC",
  follow_up_days: 14,
  push: false,
  digest_paused_reason: null,
};
// A real P-256 public key's shape: 65 bytes, the first 4.
const PUBLIC_KEY = "BA" + "A".repeat(85);
const ENDPOINT = "https://fcm.googleapis.com/fcm/send/device-1";

/** A browser with a service worker whose pushManager keeps one subscription, and a
 * Notification permission the test sets. */
function fakeBrowser(permission: NotificationPermission, granted: NotificationPermission) {
  let current: { endpoint: string; toJSON(): unknown; unsubscribe(): Promise<boolean> } | null =
    null;
  const subscribe = vi.fn(async (options: { applicationServerKey: Uint8Array }) => {
    void options;
    current = {
      endpoint: ENDPOINT,
      toJSON: () => ({
        endpoint: ENDPOINT,
        expirationTime: null,
        keys: { p256dh: "p256dh-of-the-browser", auth: "auth-of-the-browser" },
      }),
      unsubscribe: vi.fn(async () => {
        current = null;
        return true;
      }),
    };
    return current;
  });
  const pushManager = { subscribe, getSubscription: vi.fn(async () => current) };
  vi.stubGlobal("PushManager", function PushManager() {});
  const Notification = Object.assign(function Notification() {}, {
    permission,
    requestPermission: vi.fn(async () => granted),
  });
  vi.stubGlobal("Notification", Notification);
  Object.defineProperty(navigator, "serviceWorker", {
    configurable: true,
    value: { ready: Promise.resolve({ pushManager }) },
  });
  return { subscribe, Notification, current: () => current };
}

function setup(saved: Settings = SAVED) {
  const server = createFakeServer();
  let settings = saved;
  server.intercept((request) => {
    if (request.path === "/api/notifications/settings") {
      if (request.method === "GET") return json(200, settings);
      if (request.method === "PUT") {
        const body = request.body as Partial<Settings>;
        settings = { ...settings, ...body, push: body.push ?? settings.push };
        return json(200, settings);
      }
    }
    if (request.path === "/api/notifications/push/key")
      return json(200, { public_key: PUBLIC_KEY });
    if (request.path === "/api/notifications/push/subscriptions") {
      if (request.method === "POST") return json(201, { endpoint: ENDPOINT, created_at: "x" });
      if (request.method === "DELETE") return new Response(null, { status: 204 });
    }
    return undefined;
  });
  return renderWithApp(<NotificationSettings />, { server });
}

describe("push to this device", () => {
  beforeEach(() => vi.unstubAllGlobals());
  afterEach(() => {
    vi.unstubAllGlobals();
    Reflect.deleteProperty(navigator, "serviceWorker");
  });

  it("asks for permission, subscribes with the server's key, keeps it and turns push on", async () => {
    const browser = fakeBrowser("default", "granted");
    const { user, server } = setup();
    const toggle = await screen.findByRole("checkbox", { name: "Push to this device" });
    await waitFor(() => expect(toggle).toBeEnabled());
    expect(toggle).not.toBeChecked();
    await user.click(toggle);
    await waitFor(() => expect(toggle).toBeChecked());
    expect(browser.Notification.requestPermission).toHaveBeenCalled();
    const options = browser.subscribe.mock.calls[0]![0] as {
      userVisibleOnly: boolean;
      applicationServerKey: Uint8Array;
    };
    expect(options.userVisibleOnly).toBe(true);
    expect(Array.from(options.applicationServerKey)).toEqual(Array.from(keyBytes(PUBLIC_KEY)));
    expect(options.applicationServerKey).toHaveLength(65);
    expect(server.requestsTo("POST", /push\/subscriptions$/)[0]!.body).toEqual({
      endpoint: ENDPOINT,
      expirationTime: null,
      keys: { p256dh: "p256dh-of-the-browser", auth: "auth-of-the-browser" },
    });
    expect(server.requestsTo("PUT", /settings$/)[0]!.body).toEqual({
      email: "alice@example.com",
      digest: true,
      digest_hour: 7,
      timezone: "UTC",
      follow_up_days: 14,
      push: true,
    });
  });

  it("turning it off unsubscribes this browser and tells the server", async () => {
    const browser = fakeBrowser("granted", "granted");
    const { user, server } = setup({ ...SAVED, push: true });
    const toggle = await screen.findByRole("checkbox", { name: "Push to this device" });
    await waitFor(() => expect(toggle).toBeEnabled());
    await user.click(toggle); // on
    await waitFor(() => expect(toggle).toBeChecked());
    expect(server.requestsTo("PUT", /settings$/)).toHaveLength(0); // push was on already
    await user.click(toggle); // off
    await waitFor(() => expect(toggle).not.toBeChecked());
    expect(server.requestsTo("DELETE", /push\/subscriptions$/)[0]!.body).toEqual({
      endpoint: ENDPOINT,
    });
    expect(browser.current()).toBeNull();
  });

  it("says so when the permission is refused, and keeps nothing", async () => {
    const browser = fakeBrowser("default", "denied");
    const { user, server } = setup();
    const toggle = await screen.findByRole("checkbox", { name: "Push to this device" });
    await waitFor(() => expect(toggle).toBeEnabled());
    await user.click(toggle);
    expect(await screen.findByRole("alert")).toHaveTextContent(/blocked for this site/);
    expect(toggle).not.toBeChecked();
    expect(browser.subscribe).not.toHaveBeenCalled();
    expect(server.requestsTo("POST", /push\/subscriptions$/)).toHaveLength(0);
  });

  it("is off and explained where the browser has no push", async () => {
    setup();
    const toggle = await screen.findByRole("checkbox", { name: "Push to this device" });
    expect(toggle).toBeDisabled();
    expect(screen.getByText(/cannot receive push notifications/)).toBeInTheDocument();
  });
});
