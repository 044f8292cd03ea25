import "fake-indexeddb/auto";
import { QueryClient } from "@tanstack/react-query";
import { get, keys, set } from "idb-keyval";
import { describe, expect, it } from "vitest";
import { cacheKey, forgetOthers, forgetUser, offlineStore, persistFor } from "./persist";
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

  it("sign-out deletes the user's cache and queue; a sign-in deletes other users' data", async () => {
    const store = offlineStore();
    await set(cacheKey("ann"), { clientState: {} }, store);
    await set("outbox:ann", [{ id: "w1" }], store);
    await set(cacheKey("bob"), { clientState: {} }, store);
    await forgetUser(store, "ann");
    expect(await get(cacheKey("ann"), store)).toBeUndefined();
    expect(await get("outbox:ann", store)).toBeUndefined();
    await set("outbox:carl", [{ id: "w2" }], store);
    await forgetOthers(store, "bob");
    expect(await keys(store)).toEqual([cacheKey("bob")]);
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
