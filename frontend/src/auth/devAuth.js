/** Dev sign-in: "continue as" a name; the API's dev-token route signs a token for it,
 * kept in sessionStorage so it lasts for this tab's session only. */
import { AuthError } from "./errors.js";
import { createEmitter, readJson, writeJson } from "./session.js";

const KEY = "track.auth.dev";

export function createDevAuth({ requestToken, storage = globalThis.sessionStorage }) {
  const emitter = createEmitter();
  const read = () => readJson(storage, KEY);

  return {
    mode: "dev",
    subscribe: emitter.subscribe,
    getUser() {
      const session = read();
      return session ? { name: session.sub } : null;
    },
    async signIn(name) {
      const sub = String(name ?? "").trim();
      if (!sub) throw new AuthError("Enter a name to continue as.");
      const { access_token: token } = await requestToken(sub);
      if (!token) throw new AuthError("The server did not return a token.");
      writeJson(storage, KEY, { sub, token });
      emitter.emit();
    },
    async getAccessToken() {
      return read()?.token ?? null;
    },
    /** Dev tokens cannot be refreshed: a 401 means sign in again. */
    async refresh() {
      return false;
    },
    signOut() {
      writeJson(storage, KEY, null);
      emitter.emit();
    },
    /** The API refused the token: forget it and show the sign-in again. */
    expire() {
      writeJson(storage, KEY, null);
      emitter.emit();
    },
  };
}
