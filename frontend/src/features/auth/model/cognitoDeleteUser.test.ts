// @vitest-environment node
// Deleting the sign-in account: Cognito's DeleteUser with the user's own access token, in the
// pool's region, then the Hosted UI's logout; a refusal keeps the session and says why.
import { describe, expect, it } from "vitest";
import { createCognitoAuth, DEFAULT_SCOPES, userApiUrl } from "./cognitoAuth";
import type { StorageLike } from "./types";

const DOMAIN = "https://track-prod-123.auth.eu-west-1.amazoncognito.com";

function signedIn(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  data.set(
    "track.auth.cognito",
    JSON.stringify({
      access_token: "access-1",
      id_token: null,
      refresh_token: "refresh-1",
      expires_at: Date.now() + 3_600_000,
    }),
  );
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, String(v)),
    removeItem: (k) => void data.delete(k),
  };
}

function setup(answer: Response) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const visited: string[] = [];
  const storage = signedIn();
  const auth = createCognitoAuth({
    cognitoDomain: DOMAIN,
    clientId: "track-web",
    redirectUri: "https://track.example/",
    storage,
    channel: null,
    fetchImpl: (url, init) => {
      calls.push({ url: url instanceof Request ? url.url : url.toString(), init });
      return Promise.resolve(answer.clone());
    },
    navigate: (url) => visited.push(url),
  });
  return { auth, calls, visited, storage };
}

describe("deleting the sign-in account", () => {
  it("asks for the scope that allows it", () => {
    expect(DEFAULT_SCOPES.split(" ")).toContain("aws.cognito.signin.user.admin");
  });

  it("finds Cognito's user API in the pool's region", () => {
    expect(userApiUrl(DOMAIN)).toBe("https://cognito-idp.eu-west-1.amazonaws.com/");
    expect(() => userApiUrl("https://login.example.com")).toThrow(/region/);
  });

  it("calls DeleteUser with the user's own token, forgets the session and logs out", async () => {
    const { auth, calls, visited, storage } = setup(new Response("{}", { status: 200 }));
    await auth.deleteSignIn();
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.url).toBe("https://cognito-idp.eu-west-1.amazonaws.com/");
    const headers = call!.init!.headers as Record<string, string>;
    expect(headers["X-Amz-Target"]).toBe("AWSCognitoIdentityProviderService.DeleteUser");
    expect(headers["Content-Type"]).toBe("application/x-amz-json-1.1");
    expect(JSON.parse(call!.init!.body as string)).toEqual({ AccessToken: "access-1" });
    expect(storage.data.has("track.auth.cognito")).toBe(false);
    expect(visited).toHaveLength(1);
    expect(visited[0]).toMatch(
      /^https:\/\/track-prod-123\.auth\.eu-west-1\.amazoncognito\.com\/logout\?/,
    );
  });

  it("keeps the session and says why when Cognito refuses", async () => {
    const refusal = new Response(JSON.stringify({ message: "Access Token has been revoked" }), {
      status: 400,
    });
    const { auth, visited, storage } = setup(refusal);
    await expect(auth.deleteSignIn()).rejects.toThrow(/Access Token has been revoked/);
    expect(storage.data.has("track.auth.cognito")).toBe(true);
    expect(visited).toEqual([]);
  });
});
