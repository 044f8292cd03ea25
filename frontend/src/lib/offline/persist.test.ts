import "fake-indexeddb/auto";
import { QueryClient } from "@tanstack/react-query";
import { get, keys, set } from "idb-keyval";
import { describe, expect, it } from "vitest";
import { cacheKey, forgetAll, forgetOthers, offlineStore, persistFor, restoreFor } from "./persist";
import { userOfToken } from "./start";

const jwt = (claims: object) =>
  `e30.${btoa(JSON.stringify(claims)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")}.sig`;
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("the per-user cache", () => {
  it("keeps what the user saw and gives it back to that user's next page only", async () => {
    const store = offlineStore();
    const first = new QueryClient();
    const stop = await persistFor(first, store, "ann", "v1");
    first.setQueryData(["jobs", "detail", 7], { id: 7, title: "Engineer" });
    await settle();
    stop();

    const again = new QueryClient();
    (await persistFor(again, store, "ann", "v1"))();
    expect(again.getQueryData(["jobs", "detail", 7])).toEqual({ id: 7, title: "Engineer" });

    const other = new QueryClient();
    (await persistFor(other, store, "bob", "v1"))();
    expect(other.getQueryData(["jobs", "detail", 7])).toBeUndefined();

    // A page built for another API schema starts empty.
    const newer = new QueryClient();
    (await persistFor(newer, store, "ann", "v2"))();
    expect(newer.getQueryData(["jobs", "detail", 7])).toBeUndefined();
  });

  it("reads the cache back for a start with no session without ever writing it", async () => {
    const store = offlineStore();
    const signedIn = new QueryClient();
    const stop = await persistFor(signedIn, store, "cara", "v1");
    signedIn.setQueryData(["jobs", "detail", 3], { id: 3, title: "Designer" });
    await settle();
    stop();
    const kept = await get<unknown>(cacheKey("cara"), store);

    const reading = new QueryClient();
    expect(await restoreFor(reading, store, "cara", "v1")).toBe(true);
    expect(reading.getQueryData(["jobs", "detail", 3])).toEqual({ id: 3, title: "Designer" });
    reading.setQueryData(["jobs", "detail", 3], { id: 3, title: "Changed here" });
    await settle();
    expect(await get(cacheKey("cara"), store)).toEqual(kept);

    expect(await restoreFor(new QueryClient(), store, "dan", "v1")).toBe(false);
    expect(await restoreFor(new QueryClient(), store, "cara", "v2")).toBe(false);
  });

  it("sign-out deletes everything kept; a sign-in deletes other users' data", async () => {
    const store = offlineStore();
    await set(cacheKey("ann"), { clientState: {} }, store);
    await set("outbox:ann", [{ id: "w1" }], store);
    await set(cacheKey("bob"), { clientState: {} }, store);
    await set("outbox:carl", [{ id: "w2" }], store);
    await forgetOthers(store, "bob");
    expect(await keys(store)).toEqual([cacheKey("bob")]);
    await set("outbox:bob", [{ id: "w3" }], store);
    await forgetAll(store);
    expect(await keys(store)).toEqual([]);
  });
});

describe("whose data it is", () => {
  it("is the token's sub", () => {
    expect(userOfToken(jwt({ sub: "a-1_b", name: "Ann" }))).toBe("a-1_b");
    expect(userOfToken(jwt({ name: "no sub" }))).toBeNull();
    expect(userOfToken("not-a-jwt")).toBeNull();
    expect(userOfToken(null)).toBeNull();
  });
});
