/** The runtime config the deployed page reads from `/config.json` (written at deploy time).
 * Absent or unreadable means local development: dev sign-in against the same-origin API. */

export interface DevConfig {
  authMode: "dev";
  apiUrl: string;
}

interface CognitoConfig {
  authMode: "cognito";
  apiUrl: string;
  cognitoDomain: string;
  clientId: string;
  redirectUri: string;
  logoutUri: string;
  scopes: string;
}

export type TrackConfig = DevConfig | CognitoConfig;

export const DEV_CONFIG: DevConfig = Object.freeze({ authMode: "dev", apiUrl: "" });

const text = (value: unknown): string => (typeof value === "string" ? value : "");

function normaliseConfig(raw: unknown): TrackConfig {
  if (!raw || typeof raw !== "object") return DEV_CONFIG;
  const input = raw as Record<string, unknown>;
  const apiUrl = text(input.apiUrl).replace(/\/+$/, "");
  if (input.authMode !== "cognito") return { ...DEV_CONFIG, apiUrl };
  const missing = ["cognitoDomain", "clientId", "redirectUri"].filter((key) => !text(input[key]));
  if (missing.length) {
    throw new Error(`config.json: authMode "cognito" needs ${missing.join(", ")}`);
  }
  return {
    authMode: "cognito",
    apiUrl,
    cognitoDomain: text(input.cognitoDomain).replace(/\/+$/, ""),
    clientId: text(input.clientId),
    redirectUri: text(input.redirectUri),
    logoutUri: text(input.logoutUri) || text(input.redirectUri),
    scopes: text(input.scopes) || "openid email aws.cognito.signin.user.admin",
  };
}

export async function loadConfig(
  fetchImpl: typeof fetch = fetch,
  url = "/config.json",
): Promise<TrackConfig> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      cache: "no-store",
      headers: { Accept: "application/json" },
    });
  } catch {
    return DEV_CONFIG;
  }
  if (!response.ok) return DEV_CONFIG;
  let raw: unknown;
  try {
    raw = await response.json();
  } catch {
    return DEV_CONFIG; // e.g. a dev server answering with index.html
  }
  return normaliseConfig(raw);
}
