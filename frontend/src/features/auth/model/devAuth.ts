/** Dev sign-in: "continue as" a name; the API's dev-token route signs a token for it. The
 * session is shared by the page's tabs (tokenStore) until one of them signs out. */
import { AuthError } from "./errors";
import { createTokenStore, openChannel } from "./tokenStore";
import type { Auth, ChannelLike, StorageLike } from "./types";

const DEV_SESSION_KEY = "track.auth.dev";

interface DevSession {
  sub: string;
  token: string;
}

export function createDevAuth({
  requestToken,
  storage = globalThis.sessionStorage,
  channel = openChannel(DEV_SESSION_KEY),
}: {
  requestToken: (sub: string) => Promise<{ access_token?: string }>;
  storage?: StorageLike;
  channel?: ChannelLike | null;
}): Auth {
  const store = createTokenStore<DevSession>({ key: DEV_SESSION_KEY, storage, channel });

  return {
    mode: "dev",
    subscribe: store.subscribe,
    getUser() {
      const session = store.read();
      return session ? { name: session.sub } : null;
    },
    async signIn(name) {
      const sub = String(name ?? "").trim();
      if (!sub) throw new AuthError("Enter a name to continue as.");
      const { access_token: token } = await requestToken(sub);
      if (!token) throw new AuthError("The server did not return a token.");
      store.save({ sub, token });
    },
    getAccessToken: () => Promise.resolve(store.read()?.token ?? null),
    /** Dev tokens cannot be refreshed: a 401 means sign in again. */
    refresh: () => Promise.resolve(false),
    /** Dev sign-in has no account to delete: only sign out. */
    deleteSignIn() {
      store.clear();
      return Promise.resolve();
    },

    signOut() {
      store.clear();
      return Promise.resolve();
    },
    /** The API refused the token: forget it and show the sign-in again. */
    expire() {
      store.clear();
    },
    restore: (timeoutMs) => store.restore(timeoutMs),
  };
}
