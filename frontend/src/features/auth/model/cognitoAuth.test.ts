// @vitest-environment node
// The Cognito code + PKCE flow against a small local stand-in for the Hosted UI's
// /oauth2/authorize, /oauth2/token and /oauth2/revoke endpoints (a real HTTP server on
// 127.0.0.1), not AWS.
import { createHash, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCognitoAuth } from "./cognitoAuth";
import { channelHub } from "../../../test/channels";
import type { Auth, ChannelLike, StorageLike } from "./types";

const CLIENT_ID = "track-web";
const REDIRECT = "https://track.example/app/";

const b64url = (buf: string) => Buffer.from(buf).toString("base64url");
const jwt = (claims: object) =>
  `${b64url(JSON.stringify({ alg: "none" }))}.${b64url(JSON.stringify(claims))}.sig`;

function memoryStorage(): StorageLike & { keys(): string[] } {
  const data = new Map<string, string>();
  return {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, String(v)),
    removeItem: (k) => void data.delete(k),
    keys: () => [...data.keys()],
  };
}

interface Grant {
  challenge: string | null;
  method: string | null;
  redirectUri: string | null;
  clientId: string | null;
}

/** The stand-in: issues codes bound to a PKCE challenge and checks the verifier on exchange. */
function startHostedUi() {
  const codes = new Map<string, Grant>();
  const refreshTokens = new Set<string>();
  const tokenRequests: Record<string, string>[] = [];
  const revoked: Record<string, string>[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method === "GET" && url.pathname === "/oauth2/authorize") {
      // The user signs in; the Hosted UI redirects back with a code and the same state.
      const code = randomUUID();
      codes.set(code, {
        challenge: url.searchParams.get("code_challenge"),
        method: url.searchParams.get("code_challenge_method"),
        redirectUri: url.searchParams.get("redirect_uri"),
        clientId: url.searchParams.get("client_id"),
      });
      const back = new URL(url.searchParams.get("redirect_uri") ?? "");
      back.searchParams.set("code", code);
      back.searchParams.set("state", url.searchParams.get("state") ?? "");
      res.writeHead(302, { Location: back.toString() }).end();
      return;
    }
    if (
      req.method === "POST" &&
      (url.pathname === "/oauth2/token" || url.pathname === "/oauth2/revoke")
    ) {
      let raw = "";
      req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
      req.on("end", () => {
        const form = new URLSearchParams(raw);
        const fail = (error: string) =>
          res.writeHead(400, { "Content-Type": "application/json" }).end(JSON.stringify({ error }));
        const ok = (body: object) =>
          res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(body));
        if (req.headers["content-type"] !== "application/x-www-form-urlencoded")
          return fail("invalid_request");
        if (form.get("client_id") !== CLIENT_ID) return fail("invalid_client");
        if (url.pathname === "/oauth2/revoke") {
          revoked.push(Object.fromEntries(form));
          refreshTokens.delete(form.get("token") ?? "");
          return ok({});
        }
        tokenRequests.push(Object.fromEntries(form));
        const access = jwt({
          sub: "u-1",
          token_use: "access",
          client_id: CLIENT_ID,
          jti: randomUUID(),
        });
        if (form.get("grant_type") === "authorization_code") {
          const grant = codes.get(form.get("code") ?? "");
          codes.delete(form.get("code") ?? ""); // one use
          if (!grant || grant.redirectUri !== form.get("redirect_uri"))
            return fail("invalid_grant");
          const computed = createHash("sha256")
            .update(form.get("code_verifier") ?? "")
            .digest("base64url");
          if (grant.method !== "S256" || computed !== grant.challenge) return fail("invalid_grant");
          const refresh = randomUUID();
          refreshTokens.add(refresh);
          return ok({
            access_token: access,
            id_token: jwt({ sub: "u-1", email: "alice@example.com", token_use: "id" }),
            refresh_token: refresh,
            expires_in: 3600,
            token_type: "Bearer",
          });
        }
        if (form.get("grant_type") === "refresh_token") {
          if (!refreshTokens.has(form.get("refresh_token") ?? "")) return fail("invalid_grant");
          return ok({
            access_token: access,
            id_token: jwt({ email: "alice@example.com" }),
            expires_in: 3600,
            token_type: "Bearer",
          });
        }
        return fail("unsupported_grant_type");
      });
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise<{
    server: Server;
    codes: typeof codes;
    refreshTokens: typeof refreshTokens;
    tokenRequests: typeof tokenRequests;
    revoked: typeof revoked;
    url: string;
  }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        server,
        codes,
        refreshTokens,
        tokenRequests,
        revoked,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      }),
    ),
  );
}

let hostedUi: Awaited<ReturnType<typeof startHostedUi>>;
beforeAll(async () => {
  hostedUi = await startHostedUi();
});
afterAll(() => new Promise((resolve) => hostedUi.server.close(resolve)));

let storage: ReturnType<typeof memoryStorage>;
let navigations: string[];
let replaced: string[];
let clock: { now: number };
let auth: Auth;
beforeEach(() => {
  hostedUi.tokenRequests.length = 0;
  hostedUi.revoked.length = 0;
  storage = memoryStorage();
  navigations = [];
  replaced = [];
  clock = { now: 1_700_000_000_000 };
  auth = createCognitoAuth({
    cognitoDomain: `${hostedUi.url}/`,
    clientId: CLIENT_ID,
    redirectUri: REDIRECT,
    storage,
    channel: null,
    navigate: (url) => void navigations.push(url),
    replaceUrl: (url) => void replaced.push(url),
    currentPath: () => null,
    now: () => clock.now,
  });
});

/** What the browser does between leaving for the Hosted UI and coming back. */
async function userSignsInAt(authorizeUrl: string | undefined) {
  const response = await fetch(authorizeUrl ?? "", { redirect: "manual" });
  expect(response.status).toBe(302);
  return response.headers.get("location") ?? "";
}

async function signedIn() {
  await auth.signIn();
  const callback = await userSignsInAt(navigations.at(-1));
  await auth.completeSignIn!(callback);
}

describe("Cognito sign-in with PKCE", () => {
  it("sends the user to the Hosted UI with an S256 challenge and a state", async () => {
    await auth.signIn();
    const url = new URL(navigations[0] ?? "");
    expect(url.origin + url.pathname).toBe(`${hostedUi.url}/oauth2/authorize`);
    const q = Object.fromEntries(url.searchParams);
    expect(q).toMatchObject({
      response_type: "code",
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT,
      code_challenge_method: "S256",
      scope: "openid email aws.cognito.signin.user.admin",
    });
    const pending = JSON.parse(storage.getItem("track.auth.pkce")!) as {
      verifier: string;
      state: string;
    };
    expect(q.state).toBe(pending.state);
    expect(q.code_challenge).toBe(
      createHash("sha256").update(pending.verifier).digest("base64url"),
    );
    expect(pending.verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(auth.getUser()).toBeNull();
  });

  it("exchanges the code with the verifier, keeps the tokens for the tab, and cleans the URL", async () => {
    const seen: (string | undefined)[] = [];
    auth.subscribe(() => seen.push(auth.getUser()?.name));
    await auth.signIn();
    const callback = await userSignsInAt(navigations[0]);
    expect(callback).toMatch(/^https:\/\/track\.example\/app\/\?code=.+&state=/);

    await expect(auth.completeSignIn!(callback)).resolves.toBe(true);
    expect(hostedUi.tokenRequests[0]).toMatchObject({
      grant_type: "authorization_code",
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT,
    });
    expect(auth.getUser()).toEqual({ name: "alice@example.com", email: "alice@example.com" });
    expect(await auth.getAccessToken()).toMatch(/\./);
    expect(replaced).toEqual(["/app/"]);
    expect(storage.getItem("track.auth.pkce")).toBeNull();
    expect(seen).toEqual(["alice@example.com"]);
  });

  it("refuses a response whose state does not match, without asking for tokens", async () => {
    await auth.signIn();
    const callback = new URL(await userSignsInAt(navigations[0]));
    callback.searchParams.set("state", "forged");
    await expect(auth.completeSignIn!(callback.toString())).rejects.toThrow(
      /does not match a sign-in started in this tab/,
    );
    expect(hostedUi.tokenRequests).toHaveLength(0);
    expect(auth.getUser()).toBeNull();
  });

  it("fails when the verifier is not the one the challenge was made from", async () => {
    await auth.signIn();
    const callback = await userSignsInAt(navigations[0]);
    const pending = JSON.parse(storage.getItem("track.auth.pkce")!) as {
      verifier: string;
      state: string;
    };
    storage.setItem("track.auth.pkce", JSON.stringify({ ...pending, verifier: "x".repeat(43) }));
    await expect(auth.completeSignIn!(callback)).rejects.toThrow(
      /refused the request \(invalid_grant\)/,
    );
    expect(auth.getUser()).toBeNull();
  });

  it("reports an error the Hosted UI sends back", async () => {
    await auth.signIn();
    await expect(
      auth.completeSignIn!(
        `${REDIRECT}?error=access_denied&error_description=User+cancelled&state=x`,
      ),
    ).rejects.toThrow("Sign-in failed: User cancelled.");
  });

  it("ignores a URL that is not a sign-in response", async () => {
    await expect(auth.completeSignIn!(`${REDIRECT}#jobs`)).resolves.toBe(false);
    expect(replaced).toEqual([]);
  });

  it("refreshes an expiring access token once however many requests ask, keeping the refresh token", async () => {
    await signedIn();
    const first = await auth.getAccessToken();
    const { refresh_token } = JSON.parse(storage.getItem("track.auth.cognito")!) as {
      refresh_token: string;
    };
    clock.now += 3_600_000 - 30_000; // inside the one-minute margin
    const [a, b] = await Promise.all([auth.getAccessToken(), auth.getAccessToken()]);
    expect(a).toBe(b);
    expect(a).not.toBe(first);
    const refreshes = hostedUi.tokenRequests.filter((r) => r.grant_type === "refresh_token");
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]?.refresh_token).toBe(refresh_token);
    const kept = JSON.parse(storage.getItem("track.auth.cognito")!) as { refresh_token: string };
    expect(kept.refresh_token).toBe(refresh_token);
  });

  it("signs out when the refresh token is refused", async () => {
    await signedIn();
    hostedUi.refreshTokens.clear();
    clock.now += 4_000_000;
    expect(await auth.getAccessToken()).toBeNull();
    expect(auth.getUser()).toBeNull();
  });

  it("signs out: revokes the refresh token, forgets the tokens, ends the Hosted UI session", async () => {
    await signedIn();
    const { refresh_token } = JSON.parse(storage.getItem("track.auth.cognito")!) as {
      refresh_token: string;
    };
    await auth.signOut();
    expect(hostedUi.revoked).toEqual([{ token: refresh_token, client_id: CLIENT_ID }]);
    expect(hostedUi.refreshTokens.has(refresh_token)).toBe(false);
    expect(auth.getUser()).toBeNull();
    expect(storage.keys()).toEqual([]);
    const logout = new URL(navigations.at(-1) ?? "");
    expect(logout.pathname).toBe("/logout");
    expect(Object.fromEntries(logout.searchParams)).toEqual({
      client_id: CLIENT_ID,
      logout_uri: REDIRECT,
    });
  });

  it("returns to the page where sign-in started (a deep link), never to another origin", async () => {
    const make = (path: string) =>
      createCognitoAuth({
        cognitoDomain: hostedUi.url,
        clientId: CLIENT_ID,
        redirectUri: REDIRECT,
        storage,
        channel: null,
        navigate: (url) => void navigations.push(url),
        replaceUrl: (url) => void replaced.push(url),
        currentPath: () => path,
      });
    const deep = make("/jobs/12?q=acme");
    await deep.signIn();
    await deep.completeSignIn!(await userSignsInAt(navigations.at(-1)));
    expect(replaced.at(-1)).toBe("/jobs/12?q=acme");
    const evil = make("//evil.example/x");
    await evil.signIn();
    await evil.completeSignIn!(await userSignsInAt(navigations.at(-1)));
    expect(replaced.at(-1)).toBe("/app/");
  });
});

describe("Cognito sign-in across tabs", () => {
  const tab = (channel: ChannelLike, tabStorage = memoryStorage()) =>
    createCognitoAuth({
      cognitoDomain: hostedUi.url,
      clientId: CLIENT_ID,
      redirectUri: REDIRECT,
      storage: tabStorage,
      channel,
      navigate: (url) => void navigations.push(url),
      replaceUrl: () => {},
      currentPath: () => null,
    });

  it("a new tab gets the session from an open one; signing out anywhere signs every tab out", async () => {
    const connect = channelHub();
    const first = tab(connect());
    await first.signIn();
    await first.completeSignIn!(await userSignsInAt(navigations.at(-1)));
    const second = tab(connect());
    expect(second.getUser()).toBeNull();
    await expect(second.restore(1000)).resolves.toBe(true);
    expect(second.getUser()).toEqual({ name: "alice@example.com", email: "alice@example.com" });
    expect(await second.getAccessToken()).toBe(await first.getAccessToken());

    const heard: string[] = [];
    first.subscribe(() => heard.push(first.getUser()?.name ?? "signed out"));
    await second.signOut();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(first.getUser()).toBeNull();
    expect(heard).toEqual(["signed out"]);
    expect(hostedUi.revoked).toHaveLength(1);
  });

  it("a tab alone stays signed out after a short wait", async () => {
    const lonely = tab(channelHub()());
    await expect(lonely.restore(20)).resolves.toBe(false);
    expect(lonely.getUser()).toBeNull();
  });
});
