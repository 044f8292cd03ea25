/** Cognito Hosted UI sign-in: authorization code + PKCE (S256), state check, token exchange,
 * refresh, sign-out. Tokens stay in this tab's sessionStorage; nothing goes to localStorage. */
import { AuthError } from "./errors.js";
import { challengeFor, createVerifier, randomString } from "./pkce.js";
import { createEmitter, readJson, writeJson } from "./session.js";

const TOKENS = "track.auth.cognito";
const PENDING = "track.auth.pkce";
// Refresh a little before expiry so a request never leaves with a token about to lapse.
const EXPIRY_MARGIN_MS = 60_000;

function decodeClaims(jwt) {
  try {
    const payload = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const json = decodeURIComponent(
      Array.from(atob(payload), (c) => "%" + c.charCodeAt(0).toString(16).padStart(2, "0")).join(""),
    );
    return JSON.parse(json);
  } catch {
    return {};
  }
}

export function createCognitoAuth({
  cognitoDomain,
  clientId,
  redirectUri,
  logoutUri = redirectUri,
  scopes = "openid email",
  storage = globalThis.sessionStorage,
  fetchImpl = (...args) => globalThis.fetch(...args),
  cryptoImpl = globalThis.crypto,
  navigate = (url) => window.location.assign(url),
  replaceUrl = (url) => window.history.replaceState(null, "", url),
  now = () => Date.now(),
}) {
  const emitter = createEmitter();
  const domain = cognitoDomain.replace(/\/+$/, "");
  let refreshing = null;

  const readTokens = () => readJson(storage, TOKENS);

  function saveTokens(body, previous) {
    if (!body || typeof body.access_token !== "string") {
      throw new AuthError("The sign-in service returned no access token.");
    }
    const tokens = {
      access_token: body.access_token,
      id_token: body.id_token ?? previous?.id_token ?? null,
      // Cognito does not rotate refresh tokens: a refresh response carries none.
      refresh_token: body.refresh_token ?? previous?.refresh_token ?? null,
      expires_at: now() + Number(body.expires_in ?? 3600) * 1000,
    };
    writeJson(storage, TOKENS, tokens);
    return tokens;
  }

  async function tokenRequest(params) {
    let response;
    try {
      response = await fetchImpl(`${domain}/oauth2/token`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ client_id: clientId, ...params }).toString(),
      });
    } catch {
      throw new AuthError("Could not reach the sign-in service; check your connection.");
    }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const reason = body.error_description || body.error || `HTTP ${response.status}`;
      throw new AuthError(`The sign-in service refused the request (${reason}).`);
    }
    return body;
  }

  async function refreshNow() {
    const current = readTokens();
    if (!current?.refresh_token) return false;
    try {
      const body = await tokenRequest({
        grant_type: "refresh_token",
        refresh_token: current.refresh_token,
      });
      saveTokens(body, current);
      emitter.emit();
      return true;
    } catch {
      writeJson(storage, TOKENS, null);
      emitter.emit();
      return false;
    }
  }

  /** One refresh at a time however many requests ask for it. */
  function refresh() {
    refreshing ??= refreshNow().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  return {
    mode: "cognito",
    subscribe: emitter.subscribe,

    getUser() {
      const tokens = readTokens();
      if (!tokens) return null;
      const claims = decodeClaims(tokens.id_token || tokens.access_token);
      return { name: claims.email || claims["cognito:username"] || claims.username || "you" };
    },

    /** Start the Hosted UI flow: remember verifier and state for this tab, then leave. */
    async signIn() {
      const verifier = createVerifier(cryptoImpl);
      const state = randomString(16, cryptoImpl);
      const challenge = await challengeFor(verifier, cryptoImpl);
      writeJson(storage, PENDING, { verifier, state });
      const query = new URLSearchParams({
        response_type: "code",
        client_id: clientId,
        redirect_uri: redirectUri,
        scope: scopes,
        state,
        code_challenge: challenge,
        code_challenge_method: "S256",
      });
      navigate(`${domain}/oauth2/authorize?${query}`);
    },

    /** On return from the Hosted UI: check state, swap the code for tokens, clean the URL.
     * Resolves false when the URL is not a sign-in response. */
    async completeSignIn(currentUrl) {
      const url = new URL(currentUrl);
      const code = url.searchParams.get("code");
      const error = url.searchParams.get("error");
      if (!code && !error) return false;
      const pending = readJson(storage, PENDING);
      writeJson(storage, PENDING, null);
      const clean = new URL(url);
      for (const key of ["code", "state", "error", "error_description"]) clean.searchParams.delete(key);
      replaceUrl(clean.pathname + clean.search + clean.hash);
      if (error) {
        const description = url.searchParams.get("error_description");
        throw new AuthError(`Sign-in failed: ${description || error}.`);
      }
      if (!pending || pending.state !== url.searchParams.get("state")) {
        throw new AuthError(
          "This sign-in response does not match a sign-in started in this tab; sign in again.",
        );
      }
      const body = await tokenRequest({
        grant_type: "authorization_code",
        code,
        redirect_uri: redirectUri,
        code_verifier: pending.verifier,
      });
      saveTokens(body, null);
      emitter.emit();
      return true;
    },

    async getAccessToken() {
      const tokens = readTokens();
      if (!tokens) return null;
      if (tokens.expires_at - EXPIRY_MARGIN_MS > now()) return tokens.access_token;
      return (await refresh()) ? readTokens().access_token : null;
    },

    refresh,

    /** The API refused the token even after a refresh: forget it, stay on the page. */
    expire() {
      writeJson(storage, TOKENS, null);
      emitter.emit();
    },

    signOut() {
      writeJson(storage, TOKENS, null);
      writeJson(storage, PENDING, null);
      emitter.emit();
      const query = new URLSearchParams({ client_id: clientId, logout_uri: logoutUri });
      navigate(`${domain}/logout?${query}`);
    },
  };
}
