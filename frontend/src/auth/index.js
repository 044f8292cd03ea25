/** The sign-in seam: the runtime config picks dev sign-in or Cognito; the page only sees
 * { mode, getUser, subscribe, getAccessToken, refresh, signIn, signOut }. */
import { createCognitoAuth } from "./cognitoAuth.js";
import { createDevAuth } from "./devAuth.js";

export { AuthError } from "./errors.js";

export function createAuth(config, { api, ...options } = {}) {
  if (config.authMode === "cognito") {
    return createCognitoAuth({ ...config, ...options });
  }
  return createDevAuth({
    requestToken: (sub) => api.post("/api/auth/dev-token", { sub }, { auth: false }),
    ...options,
  });
}
