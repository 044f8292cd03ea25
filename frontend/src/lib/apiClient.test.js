import { describe, expect, it, vi } from "vitest";
import { ApiError, createApiClient, fieldErrorMap } from "./apiClient.js";

const json = (status, body) => new Response(body === undefined ? null : JSON.stringify(body), { status });

function client(responses, auth) {
  const fetchImpl = vi.fn(async () => responses.shift());
  const api = createApiClient({ baseUrl: "https://api.example", fetchImpl });
  if (auth) api.setAuth(auth);
  return { api, fetchImpl };
}

const staticAuth = (token = "t1") => ({
  getAccessToken: vi.fn(async () => token),
  refresh: vi.fn(async () => false),
  expire: vi.fn(),
});

describe("the API client", () => {
  it("sends JSON with the bearer token and drops empty query values", async () => {
    const { api, fetchImpl } = client([json(200, { items: [] })], staticAuth());
    await api.get("/api/tracked", { query: { stage: "", limit: 100, cursor: undefined } });
    const [url, init] = fetchImpl.mock.calls[0];
    expect(url).toBe("https://api.example/api/tracked?limit=100");
    expect(init.headers.Authorization).toBe("Bearer t1");
  });

  it("sends no token on unauthenticated calls", async () => {
    const { api, fetchImpl } = client([json(200, { access_token: "x" })], staticAuth());
    await api.post("/api/auth/dev-token", { sub: "a" }, { auth: false });
    expect(fetchImpl.mock.calls[0][1].headers.Authorization).toBeUndefined();
    expect(fetchImpl.mock.calls[0][1].body).toBe('{"sub":"a"}');
  });

  it("returns null for 204", async () => {
    const { api } = client([new Response(null, { status: 204 })], staticAuth());
    expect(await api.delete("/api/tracked/1")).toBeNull();
  });

  it("turns 409 and 503 bodies into readable errors", async () => {
    const { api } = client(
      [json(409, { detail: "job is rejected; delete the rejection event to undo" }), json(503, { detail: "The database is unavailable right now" })],
      staticAuth(),
    );
    await expect(api.post("/api/tracked/1/events", {})).rejects.toMatchObject({ status: 409, message: "job is rejected; delete the rejection event to undo" });
    await expect(api.get("/api/tracked")).rejects.toMatchObject({ status: 503, message: "The database is unavailable right now" });
  });

  it("keeps a 422's field errors and its summary", async () => {
    const body = { detail: [{ loc: ["body", "interview", "note", "round"], msg: "Input should be greater than or equal to 1", type: "x" }], message: "interview.note.round: Input should be greater than or equal to 1" };
    const { api } = client([json(422, body)], staticAuth());
    const err = await api.post("/api/tracked/1/events", {}).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe(body.message);
    expect(fieldErrorMap(err, ["round", "note"])).toEqual({ round: "Input should be greater than or equal to 1" });
  });

  it("maps patch locs and puts unknown ones under _form", () => {
    const err = new ApiError("x", { fieldErrors: [{ loc: ["body", "note", "reason"], msg: "too long" }, { loc: ["body"], msg: "bad" }] });
    expect(fieldErrorMap(err, ["reason"])).toEqual({ reason: "too long", _form: "bad" });
  });

  it("says the server is unreachable on a network failure", async () => {
    const api = createApiClient({ fetchImpl: () => Promise.reject(new TypeError("Failed to fetch")) });
    await expect(api.get("/api/tracked")).rejects.toThrow("Could not reach the server");
  });

  it("refreshes once on a 401 and retries with the new token", async () => {
    const auth = staticAuth();
    auth.getAccessToken.mockResolvedValueOnce("old").mockResolvedValueOnce("new");
    auth.refresh.mockResolvedValue(true);
    const { api, fetchImpl } = client([json(401, { detail: "expired" }), json(200, { ok: 1 })], auth);
    expect(await api.get("/api/tracked/1")).toEqual({ ok: 1 });
    expect(fetchImpl.mock.calls[1][1].headers.Authorization).toBe("Bearer new");
    expect(auth.expire).not.toHaveBeenCalled();
  });

  it("ends the session when the token is refused and cannot be refreshed", async () => {
    const auth = staticAuth();
    const { api } = client([json(401, { detail: "Not authenticated" })], auth);
    await expect(api.get("/api/tracked")).rejects.toMatchObject({ status: 401 });
    expect(auth.expire).toHaveBeenCalled();
  });
});
