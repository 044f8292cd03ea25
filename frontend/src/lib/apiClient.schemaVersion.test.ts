import { describe, expect, it, vi } from "vitest";
import { SCHEMA_VERSION } from "../generated/trackingSchema.js";
import { SCHEMA_VERSION_HEADER, createApiClient } from "./apiClient";

const reply = (status: number, version: string | undefined, body: unknown = { ok: 1 }) =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: version === undefined ? {} : { [SCHEMA_VERSION_HEADER]: version },
  });

function client(...responses: Response[]) {
  const api = createApiClient({ fetchImpl: vi.fn(async () => responses.shift()!) });
  const listener = vi.fn();
  api.subscribeStale(listener);
  return { api, listener };
}

const job = { path: { job_id: 1 } };

describe("the API client and the schema version", () => {
  it("compares the header with the version this page was built with", () => {
    expect(SCHEMA_VERSION).toMatch(/^[0-9a-f]{16}$/);
    expect(SCHEMA_VERSION_HEADER).toBe("X-Schema-Version");
  });

  it("stays fresh while the API reports the same version, or none", async () => {
    const { api, listener } = client(
      reply(200, SCHEMA_VERSION),
      reply(200, undefined),
      reply(204, SCHEMA_VERSION),
    );
    await api.get("/api/tracked");
    await api.get("/api/tracked");
    await api.delete("/api/tracked/{job_id}", job);
    expect(api.isStale()).toBe(false);
    expect(listener).not.toHaveBeenCalled();
  });

  it("goes stale, once and for good, when the API reports another version", async () => {
    const { api, listener } = client(
      reply(200, "0123456789abcdef"),
      reply(200, "fedcba9876543210"),
      reply(200, SCHEMA_VERSION),
    );
    expect(await api.get("/api/tracked")).toEqual({ ok: 1 });
    expect(api.isStale()).toBe(true);
    expect(listener).toHaveBeenCalledTimes(1);
    await api.get("/api/tracked");
    await api.get("/api/tracked");
    expect(api.isStale()).toBe(true);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it("notices on an error response too, and still throws the error", async () => {
    const { api, listener } = client(reply(409, "0123456789abcdef", { detail: "job is rejected" }));
    await expect(api.delete("/api/tracked/{job_id}", job)).rejects.toMatchObject({ status: 409 });
    expect(api.isStale()).toBe(true);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it("stops calling a listener once it unsubscribes", async () => {
    const api = createApiClient({ fetchImpl: async () => reply(200, "0123456789abcdef") });
    const listener = vi.fn();
    api.subscribeStale(listener)();
    await api.get("/api/health", { auth: false });
    expect(api.isStale()).toBe(true);
    expect(listener).not.toHaveBeenCalled();
  });
});
