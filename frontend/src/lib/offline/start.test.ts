// The offline layer's sessions over a real (in-memory) IndexedDB and the real API client: a
// signed-in page remembers whose data the device keeps (never a token); a start with no
// session reads it, keeps new writes and sends nothing; the same user's next sign-in sends
// them, another user's deletes them; sign-out leaves nothing to read.
import "fake-indexeddb/auto";
import { QueryClient } from "@tanstack/react-query";
import { clear, keys } from "idb-keyval";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createFakeServer } from "../../test/fakeServer";
import { makeJob } from "../../test/factories";
import { createApiClient } from "../apiClient";
import { jobKeys } from "../jobsCache";
import { forgetAndSignOut, READER_KEY, rememberedReader } from "./index";
import { offlineStore } from "./persist";
import {
  endOffline,
  getSession,
  reachable,
  sendOrQueue,
  startOffline,
  startReading,
  type OfflineSession,
} from "./start";

const jwt = (sub: string) =>
  `e30.${btoa(JSON.stringify({ sub })).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")}.sig`;
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));
const job = makeJob({ id: 41, company: "Initech", title: "Field Engineer" });
const event = { kind: "event" as const, jobId: 41, body: { event_type: "applied" }, key: "k-1" };

let sessions: OfflineSession[] = [];
afterEach(async () => {
  for (const session of sessions) session.stop();
  sessions = [];
  localStorage.clear();
  await clear(offlineStore());
});

async function signedIn(sub: string, name = sub) {
  const server = createFakeServer({ jobs: [job] });
  const api = createApiClient({ fetchImpl: server.fetch });
  const client = new QueryClient();
  const auth = { getAccessToken: () => Promise.resolve(jwt(sub)) };
  const session = (await startOffline({ client, api, auth, userName: name }))!;
  sessions.push(session);
  return { server, client, session };
}

/** What a signed-in page leaves: the job seen, kept in the user's cache. */
async function seen(sub: string) {
  const { client, session } = await signedIn(sub, `${sub}@example.com`);
  client.setQueryData(jobKeys.detail(41), job);
  await settle();
  session.stop();
}

async function reading() {
  const client = new QueryClient();
  const session = await startReading(client);
  if (session) sessions.push(session);
  return { client, session };
}

describe("a start offline with no session", () => {
  it("is remembered by the signed-in page as the user's sub and name only", async () => {
    await seen("olive-1");
    expect(rememberedReader()).toEqual({ sub: "olive-1", name: "olive-1@example.com" });
    expect(Object.keys(localStorage)).toEqual([READER_KEY]);
    expect(localStorage.getItem(READER_KEY)).not.toContain("e30.");
  });

  it("reads the remembered user's cache, keeps a write pending and sends nothing", async () => {
    await seen("olive-1");
    const { client, session } = await reading();
    expect(session?.reading).toBe(true);
    expect(client.getQueryData(jobKeys.detail(41))).toMatchObject({ title: "Field Engineer" });
    // Even with the browser online: there is no token to send it with.
    const send = vi.fn();
    expect(await sendOrQueue(event, send)).toBeNull();
    expect(send).not.toHaveBeenCalled();
    expect(getSession()?.outbox.list()).toMatchObject([{ key: "k-1", state: "pending" }]);
    expect(await keys(offlineStore())).toContain("outbox:olive-1");
  });

  it("opens nothing when no user is remembered, or nothing of theirs is kept", async () => {
    expect((await reading()).session).toBeNull();
    localStorage.setItem(READER_KEY, JSON.stringify({ sub: "gone", name: "gone" }));
    expect((await reading()).session).toBeNull();
  });

  it("sends its writes when the same user signs in again online, with their own key", async () => {
    await seen("olive-1");
    await reading();
    await sendOrQueue(event, vi.fn());
    sessions.pop()!.stop();

    const { server, session } = await signedIn("olive-1");
    await vi.waitFor(() => expect(session.outbox.list()).toEqual([]));
    const posts = server.requestsTo("POST", /^\/api\/tracked\/41\/events$/);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.headers["Idempotency-Key"]).toBe("k-1");
    expect(server.job(41)?.stage).toBe("applied");
  });

  it("loses its writes and cache when another user signs in", async () => {
    await seen("olive-1");
    await reading();
    await sendOrQueue(event, vi.fn());
    sessions.pop()!.stop();

    const { server } = await signedIn("bob-2", "bob");
    await settle();
    expect(server.requestsTo("POST", /events$/)).toHaveLength(0);
    expect(await keys(offlineStore())).not.toContain("outbox:olive-1");
    expect(await keys(offlineStore())).not.toContain("cache:olive-1");
    expect(rememberedReader()).toEqual({ sub: "bob-2", name: "bob" });
  });

  it("signed out from, leaves nothing to read at the next start", async () => {
    await seen("olive-1");
    const { client } = await reading();
    await sendOrQueue(event, vi.fn());
    await endOffline();
    expect(client.getQueryData(jobKeys.detail(41))).toBeUndefined();
    expect(localStorage.getItem(READER_KEY)).toBeNull();
    expect(await keys(offlineStore())).toEqual([]);
    expect((await reading()).session).toBeNull();
  });
});

describe("sign-out from a start offline", () => {
  it("forgets first, then leaves; the sign-in's own sign-out only when the browser is online", async () => {
    const order: string[] = [];
    const signOut = vi.fn(() => void order.push("sign-out"));
    const online = vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    await seen("olive-1");
    await reading();
    await forgetAndSignOut(signOut, () => order.push(`leave:${localStorage.length}`));
    expect(order).toEqual(["leave:0"]);
    expect(await keys(offlineStore())).toEqual([]);

    online.mockReturnValue(true);
    await forgetAndSignOut(signOut, () => order.push("leave"));
    expect(order).toEqual(["leave:0", "leave", "sign-out"]);
  });
});

describe("whether the server answers", () => {
  it("is any answer at all; a failed connection is none", async () => {
    const answering = (status: number) =>
      createApiClient({ fetchImpl: () => Promise.resolve(new Response("{}", { status })) });
    expect(await reachable(answering(200))).toBe(true);
    expect(await reachable(answering(503))).toBe(true);
    const down = createApiClient({ fetchImpl: () => Promise.reject(new TypeError("offline")) });
    expect(await reachable(down)).toBe(false);
  });
});
