import { describe, expect, it, vi } from "vitest";
import {
  ApiError,
  buildPath,
  createApiClient,
  fieldErrorMap,
  humanize,
  retryAfterMs,
  type TokenSource,
} from "./apiClient";

const json = (status: number, body?: unknown, headers: Record<string, string> = {}) =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers });

function client(responses: Response[], auth?: TokenSource) {
  const fetchImpl = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => {
    const next = responses.shift();
    if (!next) throw new Error("no more responses");
    return next;
  });
  const api = createApiClient({ baseUrl: "https://api.example", fetchImpl });
  if (auth) api.setAuth(auth);
  const sent = (i: number) => {
    const [url, init] = fetchImpl.mock.calls[i] ?? [];
    return {
      url: url instanceof Request ? url.url : (url ?? "").toString(),
      init: init ?? {},
      headers: (init?.headers ?? {}) as Record<string, string>,
    };
  };
  return { api, fetchImpl, sent };
}

const staticAuth = (token = "t1") => ({
  getAccessToken: vi.fn(async (): Promise<string | null> => token),
  refresh: vi.fn(async () => false),
  expire: vi.fn(),
});

describe("the API client", () => {
  it("fills path parameters, repeats list parameters and drops empty ones", async () => {
    const { api, sent } = client([json(200, { items: [], next_cursor: null })], staticAuth());
    await api.get("/api/tracked", {
      query: {
        stage: ["applied", "screening"],
        q: "",
        cursor: undefined,
        limit: 100,
        active: true,
      },
    });
    expect(sent(0).url).toBe(
      "https://api.example/api/tracked?stage=applied&stage=screening&limit=100&active=true",
    );
    expect(sent(0).headers.Authorization).toBe("Bearer t1");
    expect(buildPath("/api/tracked/{job_id}/events/{event_id}", { job_id: 3, event_id: 9 })).toBe(
      "/api/tracked/3/events/9",
    );
  });

  it("sends no token on unauthenticated calls", async () => {
    const { api, sent } = client([json(200, { access_token: "x" })], staticAuth());
    await api.post("/api/auth/dev-token", { body: { sub: "a" }, auth: false });
    expect(sent(0).headers.Authorization).toBeUndefined();
    expect(sent(0).init.body).toBe('{"sub":"a"}');
  });

  it("returns null for 204", async () => {
    const { api } = client([new Response(null, { status: 204 })], staticAuth());
    expect(await api.delete("/api/tracked/{job_id}", { path: { job_id: 1 } })).toBeNull();
  });

  it("turns 409 and 503 bodies into readable errors, with the 503's Retry-After", async () => {
    const { api } = client(
      [
        json(409, { detail: "job is rejected; delete the rejection event to undo" }),
        json(503, { detail: "The database is unavailable right now" }, { "Retry-After": "2" }),
      ],
      staticAuth(),
    );
    const body = { event_type: "offer" as const, event_date: "2026-01-01" };
    await expect(
      api.post("/api/tracked/{job_id}/events", { path: { job_id: 1 }, body }),
    ).rejects.toMatchObject({
      status: 409,
      message: "job is rejected; delete the rejection event to undo",
    });
    await expect(api.get("/api/tracked")).rejects.toMatchObject({
      status: 503,
      message: "The database is unavailable right now",
      retryAfterMs: 2000,
    });
  });

  it("shows the server's words for a 500, and plain words when the 500 is not JSON", async () => {
    const { api } = client(
      [
        json(500, { detail: "Something went wrong on our side and nothing was saved." }),
        new Response("Internal Server Error", { status: 500 }),
      ],
      staticAuth(),
    );
    await expect(api.get("/api/tracked")).rejects.toThrow(
      "Something went wrong on our side and nothing was saved.",
    );
    const err = (await api.get("/api/tracked").catch((e: unknown) => e)) as ApiError;
    expect(err.message).toBe("Something went wrong on our side (HTTP 500); try again.");
    expect(err.message).not.toContain("Internal Server Error");
  });

  it("keeps a 422's field errors, in people's words", async () => {
    const body = {
      detail: [
        {
          loc: ["body", "interview", "note", "round"],
          msg: "Input should be greater than or equal to 1",
          type: "greater_than_equal",
        },
      ],
      message: "interview.note.round: Input should be greater than or equal to 1",
    };
    const { api } = client([json(422, body)], staticAuth());
    const err = await api.get("/api/tracked").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toBe("interview.note.round: At least 1.");
    expect(fieldErrorMap(err, ["round", "note"])).toEqual({ round: "At least 1." });
  });

  it("maps patch locs and puts unknown ones under _form", () => {
    const err = new ApiError("x", {
      fieldErrors: [
        { loc: ["body", "note", "reason"], msg: "String should have at most 2000 characters" },
        { loc: ["body"], msg: "bad" },
      ],
    });
    expect(fieldErrorMap(err, ["reason"])).toEqual({
      reason: "At most 2000 characters.",
      _form: "bad",
    });
  });

  it("says validation messages as people would", () => {
    expect(humanize("Field required")).toBe("Required.");
    expect(humanize("URL scheme should be 'http' or 'https'")).toBe(
      "Use a full web address starting with http:// or https://.",
    );
    expect(humanize("notes.salary: String should have at most 100 characters")).toBe(
      "notes.salary: At most 100 characters.",
    );
    expect(humanize("This job is rejected.")).toBe("This job is rejected.");
  });

  it("reads Retry-After in seconds or as a date", () => {
    expect(retryAfterMs("1")).toBe(1000);
    expect(retryAfterMs("Thu, 01 Jan 2026 00:00:05 GMT", Date.parse("2026-01-01T00:00:00Z"))).toBe(
      5000,
    );
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs("soon")).toBeNull();
  });

  it("says the server is unreachable on a network failure", async () => {
    const api = createApiClient({
      fetchImpl: () => Promise.reject(new TypeError("Failed to fetch")),
    });
    await expect(api.get("/api/tracked")).rejects.toThrow("Could not reach the server");
  });

  it("refreshes once on a 401 and retries with the new token", async () => {
    const auth = staticAuth();
    auth.getAccessToken.mockResolvedValueOnce("old").mockResolvedValueOnce("new");
    auth.refresh.mockResolvedValue(true);
    const { api, sent } = client([json(401, { detail: "expired" }), json(200, { ok: 1 })], auth);
    expect(await api.get("/api/tracked/{job_id}", { path: { job_id: 1 } })).toEqual({ ok: 1 });
    expect(sent(1).headers.Authorization).toBe("Bearer new");
    expect(auth.expire).not.toHaveBeenCalled();
  });

  it("ends the session when the token is refused and cannot be refreshed", async () => {
    const auth = staticAuth();
    const { api } = client([json(401, { detail: "Not authenticated" })], auth);
    await expect(api.get("/api/tracked")).rejects.toMatchObject({ status: 401 });
    expect(auth.expire).toHaveBeenCalled();
  });
});
