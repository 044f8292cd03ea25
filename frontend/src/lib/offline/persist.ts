/** The signed-in user's server-state cache, kept in IndexedDB under that user's key (the token's
 * `sub`), so the jobs they have seen stay readable offline. Only that user's page reads it back;
 * sign-out deletes it, and a sign-in deletes whatever another user left on the device. */
import type { QueryClient } from "@tanstack/react-query";
import {
  persistQueryClientRestore,
  persistQueryClientSave,
  persistQueryClientSubscribe,
  type PersistedClient,
  type Persister,
} from "@tanstack/query-persist-client-core";
import { clear, createStore, del, get, keys, set, type UseStore } from "idb-keyval";
import type { OutboxStorage, QueuedWrite } from "./outbox";

/** One database for the page's offline data: `cache:<sub>` and `outbox:<sub>`. */
const DB_NAME = "track-offline";
const MAX_AGE = 7 * 24 * 3600 * 1000;

export function offlineStore(): UseStore {
  return createStore(DB_NAME, "kv");
}

export const cacheKey = (user: string) => `cache:${user}`;

function userPersister(store: UseStore, user: string): Persister {
  return {
    persistClient: (client) => set(cacheKey(user), client, store),
    restoreClient: () => get<PersistedClient>(cacheKey(user), store),
    removeClient: () => del(cacheKey(user), store),
  };
}

export function outboxStorage(store: UseStore): OutboxStorage {
  return {
    get: (key) => get<QueuedWrite[]>(key, store),
    set: (key, value) => set(key, value, store),
    del: (key) => del(key, store),
  };
}

function persistOptions(client: QueryClient, store: UseStore, user: string, buster: string) {
  return {
    queryClient: client,
    persister: userPersister(store, user),
    maxAge: MAX_AGE,
    buster,
    dehydrateOptions: {
      shouldDehydrateQuery: (query: { state: { status: string } }) =>
        query.state.status === "success",
    },
  };
}

/** Restores the user's cache (what they saw last time) into `client`, then keeps it written
 * back: at once (what the page fetched before this layer loaded) and as it changes. `buster`:
 * the API's schema version, so a new API drops an old cache. */
export async function persistFor(
  client: QueryClient,
  store: UseStore,
  user: string,
  buster: string,
) {
  const options = persistOptions(client, store, user, buster);
  await persistQueryClientRestore(options);
  const stop = persistQueryClientSubscribe(options);
  await persistQueryClientSave(options);
  return stop;
}

/** The start offline with no session: the user's cache read back, never written (what is on
 * the device stays what they saw signed in). False when there was nothing to read. */
export async function restoreFor(
  client: QueryClient,
  store: UseStore,
  user: string,
  buster: string,
) {
  await persistQueryClientRestore(persistOptions(client, store, user, buster));
  return client
    .getQueryCache()
    .getAll()
    .some((query) => query.state.data !== undefined);
}

/** Everything on the device that is not `user`'s (another account signed in here before). */
export async function forgetOthers(store: UseStore, user: string) {
  const mine = new Set([cacheKey(user), `outbox:${user}`]);
  for (const key of await keys<string>(store)) if (!mine.has(key)) await del(key, store);
}

/** Sign-out: the user's cache and queue are gone from the device (and anything else kept
 * here: one user's data at a time, see forgetOthers). */
export async function forgetAll(store: UseStore) {
  await clear(store);
}
