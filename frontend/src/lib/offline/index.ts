/** The offline layer's door in the first screen: nothing but a dynamic import, so its code (the
 * IndexedDB persister, the queue, the service worker's registration) loads after the first render. */
export const loadOffline = () => import("./start");

/** The device's last signed-in user whose jobs are kept here: `sub` and a name, never a token
 * (start.ts writes it, sign-out deletes it). With no session and no network, the page opens
 * their jobs read-only (app/App.tsx). */
export interface Reader {
  sub: string;
  name: string;
}
export const READER_KEY = "track.offline.user";
export function rememberedReader(): Reader | null {
  try {
    return JSON.parse(localStorage.getItem(READER_KEY)!) as Reader | null;
  } catch {
    return null;
  }
}

/** Sign-out with the offline layer: the user's data leaves the device first. `leave`: the page
 * was reading offline with no session; the sign-in's own sign-out (Cognito's Hosted UI logout)
 * follows only when the browser is online. */
export async function forgetAndSignOut(signOut: () => unknown, leave?: () => void) {
  try {
    await (await loadOffline()).endOffline();
  } finally {
    leave?.();
    if (!leave || navigator.onLine) await signOut();
  }
}
