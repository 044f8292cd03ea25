import { describe, expect, it } from "vitest";
import { channelHub } from "../../../test/channels";
import { createDevAuth } from "./devAuth";
import type { StorageLike } from "./types";

function memoryStorage(): StorageLike {
  const data = new Map<string, string>();
  return {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the session across tabs (dev sign-in)", () => {
  it("a tab opened later is signed in; a sign-out in any tab signs all out", async () => {
    const connect = channelHub();
    const requestToken = async (sub: string) => ({ access_token: `t-${sub}` });
    const tabA = createDevAuth({ requestToken, storage: memoryStorage(), channel: connect() });
    await tabA.signIn("alice");

    // A new tab has its own sessionStorage: empty until an open tab answers.
    const tabB = createDevAuth({ requestToken, storage: memoryStorage(), channel: connect() });
    expect(tabB.getUser()).toBeNull();
    expect(await tabB.restore(500)).toBe(true);
    expect(tabB.getUser()).toEqual({ name: "alice" });
    expect(await tabB.getAccessToken()).toBe("t-alice");

    await tabB.signOut();
    await tick();
    expect(tabA.getUser()).toBeNull();
    expect(await tabA.getAccessToken()).toBeNull();

    // Signing in again in one tab reaches the others that are open.
    await tabA.signIn("bob");
    await tick();
    expect(tabB.getUser()).toEqual({ name: "bob" });
  });

  it("without another tab, restore gives up quickly and the tab stays signed out", async () => {
    const alone = createDevAuth({
      requestToken: async () => ({ access_token: "x" }),
      storage: memoryStorage(),
      channel: channelHub()(),
    });
    expect(await alone.restore(10)).toBe(false);
    expect(alone.getUser()).toBeNull();
  });
});
