/** The runtime config the deployed page reads from `/config.json` (written at deploy time).
 * Absent or unreadable means local development: dev sign-in against the same-origin API. */

export const DEV_CONFIG = Object.freeze({ authMode: "dev", apiUrl: "" });

export function normaliseConfig(raw) {
  if (!raw || typeof raw !== "object") return DEV_CONFIG;
  const apiUrl = typeof raw.apiUrl === "string" ? raw.apiUrl.replace(/\/+$/, "") : "";
  if (raw.authMode !== "cognito") return { ...DEV_CONFIG, apiUrl };
  const missing = ["cognitoDomain", "clientId", "redirectUri"].filter(
    (key) => typeof raw[key] !== "string" || !raw[key],
  );
  if (missing.length) {
    throw new Error(`config.json: authMode "cognito" needs ${missing.join(", ")}`);
  }
  return {
    authMode: "cognito",
    apiUrl,
    cognitoDomain: raw.cognitoDomain.replace(/\/+$/, ""),
    clientId: raw.clientId,
    redirectUri: raw.redirectUri,
    logoutUri: typeof raw.logoutUri === "string" && raw.logoutUri ? raw.logoutUri : raw.redirectUri,
    scopes: typeof raw.scopes === "string" && raw.scopes ? raw.scopes : "openid email",
  };
}

export async function loadConfig(fetchImpl = fetch, url = "/config.json") {
  let response;
  try {
    response = await fetchImpl(url, { cache: "no-store", headers: { Accept: "application/json" } });
  } catch {
    return DEV_CONFIG;
  }
  if (!response.ok) return DEV_CONFIG;
  let raw;
  try {
    raw = await response.json();
  } catch {
    return DEV_CONFIG; // e.g. a dev server answering with index.html
  }
  return normaliseConfig(raw);
}
