/** The sign-in seam: the runtime config picks dev sign-in or Cognito; the page only sees Auth. */
import type { ApiClient } from "../../lib/apiClient";
import type { TrackConfig } from "../../config";
import { createCognitoAuth, type CognitoOptions } from "./model/cognitoAuth";
import { createDevAuth } from "./model/devAuth";
import type { Auth } from "./model/types";

export type { Auth } from "./model/types";
export { SignIn } from "./components/SignIn";

export function createAuth(
  config: TrackConfig,
  { api, ...options }: { api: ApiClient } & Partial<CognitoOptions>,
): Auth {
  if (config.authMode === "cognito") {
    return createCognitoAuth({ ...config, ...options });
  }
  return createDevAuth({
    requestToken: (sub) => api.post("/api/auth/dev-token", { body: { sub }, auth: false }),
    ...(options.storage ? { storage: options.storage } : {}),
  });
}
