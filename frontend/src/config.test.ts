import { describe, expect, it } from "vitest";
import { DEV_CONFIG, loadConfig } from "./config";

const respond = (status: number, body: unknown) => async () =>
  new Response(typeof body === "string" ? body : JSON.stringify(body), { status });

describe("loadConfig", () => {
  it("falls back to dev sign-in on the same origin when /config.json is absent", async () => {
    expect(await loadConfig(respond(404, { detail: "Not Found" }))).toEqual(DEV_CONFIG);
  });

  it("falls back to dev when the answer is not JSON (a dev server's index.html)", async () => {
    expect(await loadConfig(respond(200, "<!doctype html>"))).toEqual(DEV_CONFIG);
  });

  it("falls back to dev when the request fails", async () => {
    expect(await loadConfig(() => Promise.reject(new TypeError("offline")))).toEqual(DEV_CONFIG);
  });

  it("reads a Cognito config and trims trailing slashes", async () => {
    const config = await loadConfig(
      respond(200, {
        authMode: "cognito",
        apiUrl: "https://api.example/",
        cognitoDomain: "https://auth.example/",
        clientId: "abc",
        redirectUri: "https://app.example/",
      }),
    );
    expect(config).toMatchObject({
      authMode: "cognito",
      apiUrl: "https://api.example",
      cognitoDomain: "https://auth.example",
      clientId: "abc",
      logoutUri: "https://app.example/",
      scopes: "openid email aws.cognito.signin.user.admin",
    });
  });

  it("refuses a Cognito config that lacks what the flow needs", async () => {
    await expect(
      loadConfig(respond(200, { authMode: "cognito", clientId: "abc" })),
    ).rejects.toThrow(/cognitoDomain, redirectUri/);
  });
});
