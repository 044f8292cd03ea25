/** Where a tab keeps its session, and how tabs share it.
 *
 * The session lives in this tab's sessionStorage: it survives reloads, is gone when the tab
 * closes, and is never written to disk-backed localStorage. Tabs of the page talk over a
 * BroadcastChannel (same origin only): a new tab asks ("hello") and an open tab hands its
 * session over; a sign-in or a token refresh in one tab reaches the others; signing out in one
 * signs every tab out. See "Sign-in and tokens" in frontend/README.md for the trade-offs. */
import type { ChannelLike, StorageLike } from "./types";

type Message<T> = { type: "hello" } | { type: "session"; value: T } | { type: "signed-out" };

export function readJson<T>(storage: StorageLike, key: string): T | null {
  try {
    const raw = storage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

export function writeJson(storage: StorageLike, key: string, value: unknown) {
  if (value == null) storage.removeItem(key);
  else storage.setItem(key, JSON.stringify(value));
}

/** A BroadcastChannel where the browser has one; null elsewhere (then tabs do not share). */
export function openChannel(name: string): ChannelLike | null {
  return typeof BroadcastChannel === "function" ? new BroadcastChannel(name) : null;
}

export interface TokenStore<T> {
  read(): T | null;
  /** Keep `value` in this tab and hand it to every other tab. */
  save(value: T): void;
  /** Forget the session here and in every other tab. */
  clear(): void;
  subscribe: (listener: () => void) => () => void;
  /** Resolves true once this tab has a session: at once when it has one, else when another
   * tab answers, or false after `timeoutMs`. */
  restore(timeoutMs?: number): Promise<boolean>;
}

export function createTokenStore<T>({
  key,
  storage,
  channel,
}: {
  key: string;
  storage: StorageLike;
  channel: ChannelLike | null;
}): TokenStore<T> {
  const listeners = new Set<() => void>();
  const emit = () => {
    for (const listener of [...listeners]) listener();
  };
  const read = () => readJson<T>(storage, key);
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };
  const post = (message: Message<T>) => channel?.postMessage(message);

  channel?.addEventListener("message", (event: MessageEvent) => {
    const message = event.data as Message<T> | null;
    if (message?.type === "hello") {
      const value = read();
      if (value) post({ type: "session", value });
    } else if (message?.type === "session") {
      if (storage.getItem(key) === JSON.stringify(message.value)) return;
      writeJson(storage, key, message.value);
      emit();
    } else if (message?.type === "signed-out") {
      if (storage.getItem(key) === null) return;
      storage.removeItem(key);
      emit();
    }
  });

  return {
    read,
    save(value) {
      writeJson(storage, key, value);
      emit();
      post({ type: "session", value });
    },
    clear() {
      storage.removeItem(key);
      emit();
      post({ type: "signed-out" });
    },
    subscribe,
    restore(timeoutMs = 300) {
      if (read() || !channel) return Promise.resolve(read() !== null);
      return new Promise((resolve) => {
        const done = () => {
          unsubscribe();
          clearTimeout(timer);
          resolve(read() !== null);
        };
        const unsubscribe = subscribe(() => read() && done());
        const timer = setTimeout(done, timeoutMs);
        post({ type: "hello" });
      });
    },
  };
}
