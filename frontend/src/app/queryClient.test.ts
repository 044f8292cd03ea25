import { QueryObserver } from "@tanstack/react-query";
import { describe, expect, it, vi } from "vitest";
import { ApiError, createApiClient } from "../lib/apiClient";
import { jobKeys, refreshOnConflict } from "../lib/jobsCache";
import { json } from "../test/fakeServer";
import { createQueryClient, retryDelay, shouldRetry } from "./queryClient";

describe("what the cache retries", () => {
  it("retries a 503 twice and a lost connection once (reads only); never a 4xx", () => {
    const busy = new ApiError("busy", { status: 503 });
    expect([0, 1, 2].map((n) => shouldRetry(n, busy))).toEqual([true, true, false]);
    const offline = new ApiError("offline", { status: 0 });
    expect(shouldRetry(0, offline)).toBe(true);
    expect(shouldRetry(0, offline, { write: true })).toBe(false);
    expect(shouldRetry(0, new ApiError("no", { status: 409 }))).toBe(false);
    expect(shouldRetry(0, new Error("bug"))).toBe(false);
  });

  it("waits what Retry-After says (at most 10 s), else backs off", () => {
    expect(retryDelay(0, new ApiError("busy", { status: 503, retryAfterMs: 2000 }))).toBe(2000);
    expect(retryDelay(0, new ApiError("busy", { status: 503, retryAfterMs: 60_000 }))).toBe(10_000);
    expect(retryDelay(1, new ApiError("busy", { status: 503 }))).toBe(2000);
  });

  it("a read answered 503 with Retry-After succeeds on the retry", async () => {
    const fetchImpl = vi
      .fn()
      .mockResolvedValueOnce(json(503, { detail: "busy" }, { "Retry-After": "0" }))
      .mockResolvedValueOnce(json(200, { items: [], next_cursor: null }));
    const api = createApiClient({ fetchImpl });
    const client = createQueryClient();
    const page = await client.fetchQuery({
      queryKey: ["jobs", "list", {}],
      queryFn: () => api.get("/api/tracked"),
      retry: (n, e) => shouldRetry(n, e),
    });
    expect(page).toEqual({ items: [], next_cursor: null });
    expect(fetchImpl).toHaveBeenCalledTimes(2);
  });

  it("a 409 on a job's mutation refetches the job", async () => {
    const client = createQueryClient();
    const queryFn = vi.fn(async () => ({ id: 7, stage: "rejected" }));
    const observer = new QueryObserver(client, { queryKey: jobKeys.detail(7), queryFn });
    const unsubscribe = observer.subscribe(() => {});
    await vi.waitFor(() => expect(queryFn).toHaveBeenCalledTimes(1));
    const mutation = client.getMutationCache().build(client, {
      mutationFn: () => Promise.reject(new ApiError("This job is rejected.", { status: 409 })),
      meta: { refreshOnConflict: refreshOnConflict(7) },
    });
    await expect(mutation.execute(undefined)).rejects.toThrow("This job is rejected.");
    await vi.waitFor(() => expect(queryFn).toHaveBeenCalledTimes(2));
    unsubscribe();
  });
});
