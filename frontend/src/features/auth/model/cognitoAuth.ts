/** Cognito Hosted UI sign-in: authorization code + PKCE (S256), state check, token exchange,
 * refresh, revocation and sign-out. Tokens are shared by the page's tabs through tokenStore
 * (sessionStorage + BroadcastChannel); the PKCE verifier stays in the tab that started. */
import { AuthError } from "./errors";
import { challengeFor, createVerifier, randomString } from "./pkce";
import { createTokenStore, openChannel, readJson, writeJson } from "./tokenStore";
import type { Auth, ChannelLike, StorageLike } from "./types";

const COGNITO_SESSION_KEY = "track.auth.cognito";
/** aws.cognito.signin.user.admin lets the user's own access token delete their account. */
export const DEFAULT_SCOPES = "openid email aws.cognito.signin.user.admin";
const PENDING = "track.auth.pkce";
// Refresh a little before expiry so a request never leaves with a token about to lapse.
const EXPIRY_MARGIN_MS = 60_000;
// Sign-out waits this long for the revocation before leaving for the Hosted UI's logout.
const REVOKE_WAIT_MS = 2_000;

interface Tokens {
  access_token: string;
  id_token: string | null;
  refresh_token: string | null;
  expires_at: number;
}

interface Pending {
  verifier: string;
  state: string;
  /** Where the person was (a deep link such as /jobs/12?q=acme), to return there. */
  returnTo?: string | null;
}

interface TokenResponse {
  access_token?: unknown;
  id_token?: string;
  refresh_token?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
}

function decodeClaims(jwt: string): Record<string, unknown> {
  try {
    const payload = (jwt.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/");
    const json = decodeURIComponent(
      Array.from(atob(payload), (c) => "%" + c.charCodeAt(0).toString(16).padStart(2, "0")).join(
        "",
      ),
    );
    return JSON.parse(json) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Only a path on this origin ("/jobs/12"), never "//elsewhere" or a full URL. */
const isLocalPath = (value: unknown): value is string =>
  typeof value === "string" && value.startsWith("/") && !value.startsWith("//");

export interface CognitoOptions {
  cognitoDomain: string;
  clientId: string;
  redirectUri: string;
  logoutUri?: string;
  scopes?: string;
  storage?: StorageLike;
  channel?: ChannelLike | null;
  fetchImpl?: typeof fetch;
  cryptoImpl?: Crypto;
  navigate?: (url: string) => void;
  replaceUrl?: (url: string) => void;
  currentPath?: () => string | null;
  now?: () => number;
}

/** Cognito's user API in the pool's region, read from the Hosted UI's address
 * (`https://<prefix>.auth.<region>.amazoncognito.com`). */
export function userApiUrl(cognitoDomain: string): string {
  const region = /\.auth\.([a-z0-9-]+)\.amazoncognito\.com$/.exec(new URL(cognitoDomain).host)?.[1];
  if (!region) throw new AuthError(`Cannot tell the region of ${cognitoDomain}.`);
  return `https://cognito-idp.${region}.amazonaws.com/`;
}

export function createCognitoAuth({
  cognitoDomain,
  clientId,
  redirectUri,
  logoutUri = redirectUri,
  scopes = DEFAULT_SCOPES,
  storage = globalThis.sessionStorage,
  channel = openChannel(COGNITO_SESSION_KEY),
  fetchImpl = (...args) => globalThis.fetch(...args),
  cryptoImpl = globalThis.crypto,
  navigate = (url) => window.location.assign(url),
  replaceUrl = (url) => window.history.replaceState(null, "", url),
  currentPath = () =>
    globalThis.location ? globalThis.location.pathname + globalThis.location.search : null,
  now = () => Date.now(),
}: CognitoOptions): Auth {
  const domain = cognitoDomain.replace(/\/+$/, "");
  const store = createTokenStore<Tokens>({ key: COGNITO_SESSION_KEY, storage, channel });
  let refreshing: Promise<boolean> | null = null;

  function tokensFrom(body: TokenResponse, previous: Tokens | null): Tokens {
    if (typeof body.access_token !== "string") {
      throw new AuthError("The sign-in service returned no access token.");
    }
    return {
      access_token: body.access_token,
      id_token: body.id_token ?? previous?.id_token ?? null,
      // Cognito does not rotate refresh tokens by default: a refresh response carries none.
      refresh_token: body.refresh_token ?? previous?.refresh_token ?? null,
      expires_at: now() + Number(body.expires_in ?? 3600) * 1000,
    };
  }

  async function tokenRequest(params: Record<string, string>): Promise<TokenResponse> {
    let response: Response;
    try {
      response = await fetchImpl(`${domain}/oauth2/token`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ client_id: clientId, ...params }).toString(),
      });
    } catch {
      throw new AuthError("Could not reach the sign-in service; check your connection.");
    }
    const body = (await response.json().catch(() => ({}))) as TokenResponse;
    if (!response.ok) {
      const reason = body.error_description || body.error || `HTTP ${response.status}`;
      throw new AuthError(`The sign-in service refused the request (${reason}).`);
    }
    return body;
  }

  async function refreshNow(): Promise<boolean> {
    const current = store.read();
    if (!current?.refresh_token) return false;
    try {
      const body = await tokenRequest({
        grant_type: "refresh_token",
        refresh_token: current.refresh_token,
      });
      store.save(tokensFrom(body, current));
      return true;
    } catch {
      store.clear();
      return false;
    }
  }

  /** One refresh at a time however many requests ask for it. */
  function refresh(): Promise<boolean> {
    refreshing ??= refreshNow().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  /** Revoke the refresh token (and the access tokens issued from it) at Cognito: a token
   * copied out of the browser stops working. Best effort: sign-out goes on if it fails. */
  async function revoke(token: string) {
    const request = fetchImpl(`${domain}/oauth2/revoke`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token, client_id: clientId }).toString(),
      keepalive: true,
    }).catch(() => undefined);
    await Promise.race([request, new Promise((resolve) => setTimeout(resolve, REVOKE_WAIT_MS))]);
  }

  async function accessToken(): Promise<string | null> {
    const tokens = store.read();
    if (!tokens) return null;
    if (tokens.expires_at - EXPIRY_MARGIN_MS > now()) return tokens.access_token;
    return (await refresh()) ? (store.read()?.access_token ?? null) : null;
  }

  return {
    mode: "cognito",
    subscribe: store.subscribe,

    getUser() {
      const tokens = store.read();
      if (!tokens) return null;
      const claims = decodeClaims(tokens.id_token || tokens.access_token);
      const name = [claims.email, claims["cognito:username"], claims.username].find(
        (value): value is string => typeof value === "string" && value !== "",
      );
      // Only the ID token speaks for the address (an access token carries no email claim).
      const email = tokens.id_token ? decodeClaims(tokens.id_token).email : undefined;
      return typeof email === "string" && email
        ? { name: name ?? "you", email }
        : { name: name ?? "you" };
    },

    /** Start the Hosted UI flow: remember verifier, state and place for this tab, then leave. */
    async signIn() {
      const verifier = createVerifier(cryptoImpl);
      const state = randomString(16, cryptoImpl);
      const challenge = await challengeFor(verifier, cryptoImpl);
      const pending: Pending = { verifier, state, returnTo: currentPath() };
      writeJson(storage, PENDING, pending);
      const query = new URLSearchParams({
        response_type: "code",
        client_id: clientId,
        redirect_uri: redirectUri,
        scope: scopes,
        state,
        code_challenge: challenge,
        code_challenge_method: "S256",
      });
      navigate(`${domain}/oauth2/authorize?${query.toString()}`);
    },

    /** On return from the Hosted UI: check state, swap the code for tokens, clean the URL (or
     * go back to where sign-in started). Resolves false when the URL is not a sign-in response. */
    async completeSignIn(currentUrl) {
      const url = new URL(currentUrl);
      const code = url.searchParams.get("code");
      const error = url.searchParams.get("error");
      if (!code && !error) return false;
      const pending = readJson<Pending>(storage, PENDING);
      writeJson(storage, PENDING, null);
      const clean = new URL(url);
      for (const key of ["code", "state", "error", "error_description"])
        clean.searchParams.delete(key);
      const back = isLocalPath(pending?.returnTo) ? pending.returnTo : null;
      replaceUrl(back ?? clean.pathname + clean.search + clean.hash);
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
        code: code ?? "",
        redirect_uri: redirectUri,
        code_verifier: pending.verifier,
      });
      store.save(tokensFrom(body, null));
      return true;
    },

    getAccessToken: accessToken,

    refresh,

    /** The API refused the token even after a refresh: forget it, stay on the page. */
    expire() {
      store.clear();
    },

    restore: (timeoutMs) => store.restore(timeoutMs),

    /** Delete the user's own sign-in account (Cognito's DeleteUser with their access token,
     * which also ends every session of theirs), then end the Hosted UI session in every tab. */
    async deleteSignIn() {
      const token = await accessToken();
      if (!token) throw new AuthError("Your session has ended; sign in again to delete it.");
      let response: Response;
      try {
        response = await fetchImpl(userApiUrl(domain), {
          method: "POST",
          headers: {
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "AWSCognitoIdentityProviderService.DeleteUser",
          },
          body: JSON.stringify({ AccessToken: token }),
        });
      } catch {
        throw new AuthError("Could not reach the sign-in service; check your connection.");
      }
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { message?: string };
        throw new AuthError(
          `The sign-in service did not delete the account (${body.message ?? `HTTP ${response.status}`}).`,
        );
      }
      store.clear();
      writeJson(storage, PENDING, null);
      const query = new URLSearchParams({ client_id: clientId, logout_uri: logoutUri });
      navigate(`${domain}/logout?${query.toString()}`);
    },

    /** Every tab signs out, the refresh token is revoked, then the Hosted UI session ends. */
    async signOut() {
      const tokens = store.read();
      store.clear();
      writeJson(storage, PENDING, null);
      if (tokens?.refresh_token) await revoke(tokens.refresh_token);
      const query = new URLSearchParams({ client_id: clientId, logout_uri: logoutUri });
      navigate(`${domain}/logout?${query.toString()}`);
    },
  };
}
