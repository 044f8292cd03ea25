/** This browser's Web Push subscription: whether it can have one, the permission, and
 * subscribing through the service worker's pushManager with the server's VAPID key. */

export type PushSupport = "supported" | "unsupported" | "denied";

/** What the page uses of a PushSubscription. */
export interface DeviceSubscription {
  readonly endpoint: string;
  toJSON(): unknown;
  unsubscribe(): Promise<boolean>;
}

/** The VAPID public key (base64url) as the bytes `applicationServerKey` takes. */
export function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function pushSupport(): PushSupport {
  if (
    typeof navigator === "undefined" ||
    !("serviceWorker" in navigator) ||
    typeof window === "undefined" ||
    !("PushManager" in window) ||
    typeof Notification === "undefined"
  )
    return "unsupported";
  return Notification.permission === "denied" ? "denied" : "supported";
}

/** This browser's subscription, or null (none, or no push here). */
export async function currentSubscription(): Promise<DeviceSubscription | null> {
  if (pushSupport() === "unsupported") return null;
  const registration = await navigator.serviceWorker.ready;
  return registration.pushManager.getSubscription();
}

class PushRefused extends Error {}

/** Ask for permission, then subscribe with the server's key (visible notifications only, as
 * browsers require). */
export async function subscribeDevice(publicKey: string): Promise<DeviceSubscription> {
  if (pushSupport() === "unsupported")
    throw new PushRefused("This browser cannot receive push notifications.");
  const permission = await Notification.requestPermission();
  if (permission !== "granted")
    throw new PushRefused(
      "Notifications are blocked for this site. Allow them in the browser's site settings.",
    );
  const registration = await navigator.serviceWorker.ready;
  return registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: keyBytes(publicKey),
  });
}
