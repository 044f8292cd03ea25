/** Writes that wait for the network: each change made offline (a new event, a job's fields, a new
 * job) is kept on the device, per user, with its own Idempotency-Key, and sent in the order it was
 * made once the connection is back. A write the server refuses (409, 404, 422...) stays, marked
 * refused with the server's message and the user's input, until the user sends it again or
 * discards it: nothing is dropped silently. A write whose answer was lost is sent again with the
 * same key, so the server does it once. */
import { isApiError } from "../apiClient";

type WriteKind = "event" | "patch" | "job";

export interface QueuedWrite {
  id: string;
  /** The Idempotency-Key sent with every attempt of this write. */
  key: string;
  kind: WriteKind;
  /** The job it changes (null for a new job). */
  jobId: number | null;
  body: Record<string, unknown>;
  queuedAt: number;
  state: "pending" | "refused";
  /** When refused: the server's status and message. */
  status?: number;
  error?: string;
}

/** Where the queue lives (IndexedDB in the page, a Map in tests): one value per user. */
export interface OutboxStorage {
  get(key: string): Promise<QueuedWrite[] | undefined>;
  set(key: string, value: QueuedWrite[]): Promise<void>;
  del(key: string): Promise<void>;
}

export interface Outbox {
  list(): QueuedWrite[];
  subscribe(listener: () => void): () => void;
  /** Reads what an earlier visit left on the device. */
  load(): Promise<void>;
  add(write: Pick<QueuedWrite, "kind" | "jobId" | "body" | "key">): Promise<QueuedWrite>;
  /** Sends the pending writes in order; stops at the first that cannot reach the server. */
  flush(): Promise<void>;
  /** A refused write, sent again (with the user's input as it was kept). */
  retry(id: string): Promise<void>;
  discard(id: string): Promise<void>;
  /** Sign-out: the queue is gone from the device. */
  clear(): Promise<void>;
}

/** The server could not be reached, or asked to come back later: try again, same key. */
const transient = (error: unknown) =>
  !isApiError(error) || error.status === 0 || error.status === 503 || error.status === 401;

export function outboxKey(user: string) {
  return `outbox:${user}`;
}

export function createOutbox({
  user,
  storage,
  send,
  onSent,
  newId = () => globalThis.crypto.randomUUID(),
  now = Date.now,
}: {
  user: string;
  storage: OutboxStorage;
  /** Sends one write with its Idempotency-Key; answers the server's result. */
  send: (write: QueuedWrite) => Promise<unknown>;
  onSent?: (write: QueuedWrite, result: unknown) => void;
  newId?: () => string;
  now?: () => number;
}): Outbox {
  let items: QueuedWrite[] = [];
  const listeners = new Set<() => void>();
  // One change at a time, in order: a flush and an add never interleave their writes.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = chain.then(task);
    chain = next.catch(() => undefined);
    return next;
  };
  async function save(next: QueuedWrite[]) {
    items = next;
    if (next.length) await storage.set(outboxKey(user), next);
    else await storage.del(outboxKey(user));
    for (const listener of [...listeners]) listener();
  }

  async function sendPending() {
    for (const write of items.filter((item) => item.state === "pending")) {
      let result: unknown;
      try {
        result = await send(write);
      } catch (error) {
        if (transient(error)) return;
        const status = isApiError(error) ? error.status : undefined;
        const message = error instanceof Error ? error.message : String(error);
        await save(
          items.map((item) =>
            item.id === write.id ? { ...item, state: "refused", status, error: message } : item,
          ),
        );
        continue;
      }
      await save(items.filter((item) => item.id !== write.id));
      onSent?.(write, result);
    }
  }

  return {
    list: () => items,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    load: () =>
      serial(async () => {
        items = (await storage.get(outboxKey(user))) ?? [];
        for (const listener of [...listeners]) listener();
      }),
    add: (write) =>
      serial(async () => {
        const queued: QueuedWrite = { ...write, id: newId(), queuedAt: now(), state: "pending" };
        await save([...items, queued]);
        return queued;
      }),
    flush: () => serial(sendPending),
    retry: (id) =>
      serial(async () => {
        await save(
          items.map((item) =>
            item.id === id
              ? { ...item, state: "pending", status: undefined, error: undefined }
              : item,
          ),
        );
        await sendPending();
      }),
    discard: (id) => serial(() => save(items.filter((item) => item.id !== id))),
    clear: () =>
      serial(async () => {
        items = [];
        await storage.del(outboxKey(user));
        for (const listener of [...listeners]) listener();
      }),
  };
}
