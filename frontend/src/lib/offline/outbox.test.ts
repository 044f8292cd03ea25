import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../apiClient";
import { createOutbox, outboxKey, type OutboxStorage, type QueuedWrite } from "./outbox";

function memoryStorage() {
  const data = new Map<string, QueuedWrite[]>();
  const storage: OutboxStorage = {
    get: async (key) => data.get(key),
    set: async (key, value) => void data.set(key, structuredClone(value)),
    del: async (key) => void data.delete(key),
  };
  return { data, storage };
}

let ids = 0;
const setup = (send: (write: QueuedWrite) => Promise<unknown>, user = "ann") => {
  const { data, storage } = memoryStorage();
  const onSent = vi.fn();
  const outbox = createOutbox({ user, storage, send, onSent, newId: () => `w${++ids}` });
  return { data, storage, outbox, onSent };
};
const event = (title: string, key = `key-${title}`) => ({
  kind: "event" as const,
  jobId: 7,
  body: { event_type: "interview", title },
  key,
});

describe("the outbox", () => {
  it("keeps writes on the device under the user's key, in the order they were made", async () => {
    const { data, outbox } = setup(() => Promise.reject(new ApiError("offline")));
    await outbox.add(event("first"));
    await outbox.add(event("second"));
    expect(data.get(outboxKey("ann"))?.map((w) => w.body.title)).toEqual(["first", "second"]);
    expect(outbox.list().every((w) => w.state === "pending")).toBe(true);
  });

  it("sends them in order with each write's own key, once each, and forgets what was sent", async () => {
    const sent: string[] = [];
    const { data, outbox, onSent } = setup(async (write) => {
      sent.push(`${String(write.body.title)}:${write.key}`);
      return { id: 7 };
    });
    await outbox.add(event("first"));
    await outbox.add(event("second"));
    await outbox.flush();
    await outbox.flush();
    expect(sent).toEqual(["first:key-first", "second:key-second"]);
    expect(onSent).toHaveBeenCalledTimes(2);
    expect(outbox.list()).toEqual([]);
    expect(data.has(outboxKey("ann"))).toBe(false);
  });

  it("stops at a lost connection and sends again later with the same key", async () => {
    const keys: string[] = [];
    let up = false;
    const { outbox } = setup(async (write) => {
      keys.push(write.key);
      if (!up) throw new ApiError("Could not reach the server");
      return { id: 7 };
    });
    await outbox.add(event("first"));
    await outbox.add(event("second"));
    await outbox.flush();
    // The first failed: the second was not sent ahead of it.
    expect(keys).toEqual(["key-first"]);
    expect(outbox.list().map((w) => w.state)).toEqual(["pending", "pending"]);
    up = true;
    await outbox.flush();
    expect(keys).toEqual(["key-first", "key-first", "key-second"]);
    expect(outbox.list()).toEqual([]);
  });

  it.each([409, 404, 422])(
    "keeps a write the server refuses (%i) with its message and the user's input",
    async (status) => {
      const { data, outbox } = setup(async (write) => {
        if (write.body.title === "bad") throw new ApiError("Refused: the job changed", { status });
        return { id: 7 };
      });
      await outbox.add(event("bad"));
      await outbox.add(event("good"));
      await outbox.flush();
      const [kept] = outbox.list();
      expect(outbox.list()).toHaveLength(1);
      expect(kept).toMatchObject({
        state: "refused",
        status,
        error: "Refused: the job changed",
        body: { title: "bad" },
      });
      expect(data.get(outboxKey("ann"))).toHaveLength(1);
    },
  );

  it("sends a refused write again on request, or lets it go when discarded", async () => {
    let refuse = true;
    const send = vi.fn(async () => {
      if (refuse) throw new ApiError("Conflict", { status: 409 });
      return { id: 7 };
    });
    const { outbox } = setup(send);
    const first = await outbox.add(event("a"));
    const second = await outbox.add(event("b"));
    await outbox.flush();
    expect(outbox.list().map((w) => w.state)).toEqual(["refused", "refused"]);
    refuse = false;
    await outbox.retry(first.id);
    expect(outbox.list().map((w) => w.id)).toEqual([second.id]);
    await outbox.discard(second.id);
    expect(outbox.list()).toEqual([]);
  });

  it("reads back what an earlier visit left, for that user only, and clears it", async () => {
    const { storage } = memoryStorage();
    const send = () => Promise.reject(new ApiError("offline"));
    const ann = createOutbox({ user: "ann", storage, send });
    await ann.add(event("kept"));
    const annAgain = createOutbox({ user: "ann", storage, send });
    const bob = createOutbox({ user: "bob", storage, send });
    await annAgain.load();
    await bob.load();
    expect(annAgain.list().map((w) => w.body.title)).toEqual(["kept"]);
    expect(bob.list()).toEqual([]);
    await annAgain.clear();
    expect(await storage.get(outboxKey("ann"))).toBeUndefined();
  });
});
