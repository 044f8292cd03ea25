/** The offline layer's door in the first screen: nothing but a dynamic import, so its code (the
 * IndexedDB persister, the queue, the service worker's registration) loads after the first render. */
export const loadOffline = () => import("./start");

/** Sign-out with the offline layer: the user's data leaves the device first. */
export async function forgetAndSignOut(signOut: () => Promise<void>) {
  try {
    await (await loadOffline()).endOffline();
  } finally {
    await signOut();
  }
}
