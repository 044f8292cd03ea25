/** The page's offline layer, loaded after the first screen (lib/offline/index.ts): registers the
 * service worker, restores and keeps the signed-in user's cache (persist.ts), and runs their
 * queue of writes that wait (outbox.ts). One session per signed-in page; sign-out ends it and
 * leaves nothing of the user on the device. A page started offline with no session reads the
 * last signed-in user's cache ("reading": nothing sent, nothing written back) until they sign
 * in again. */
import type { QueryClient } from "@tanstack/react-query";
import { isApiError, type ApiClient, type TokenSource } from "../apiClient";
import type { TrackedJob } from "../apiTypes";
import { SCHEMA_VERSION } from "../../generated/trackingSchema.js";
import { jobKeys, writeJob } from "../jobsCache";
import { createOutbox, type Outbox, type QueuedWrite } from "./outbox";
import { READER_KEY, rememberedReader, type Reader } from "./index";
import {
  forgetAll,
  forgetOthers,
  offlineStore,
  outboxStorage,
  persistFor,
  restoreFor,
} from "./persist";

export interface OfflineSession {
  user: string;
  /** Started with no session (offline): reads the cache, keeps new writes, sends nothing. */
  reading: boolean;
  outbox: Outbox;
  client: QueryClient;
  stop: () => void;
}

let current: OfflineSession | null = null;
const listeners = new Set<() => void>();
const changed = () => listeners.forEach((listener) => listener());

export const getSession = () => current;
export function subscribeSession(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The token's `sub`: whose data this is. Null when the token is not a JWT. */
export function userOfToken(token: string | null): string | null {
  const payload = token?.split(".")[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return typeof sub === "string" && sub ? sub : null;
  } catch {
    return null;
  }
}

function sendWrite(api: ApiClient, write: QueuedWrite): Promise<unknown> {
  const headers = { "Idempotency-Key": write.key };
  const body = write.body as never;
  if (write.kind === "job") return api.post("/api/tracked", { body, headers });
  const path = { job_id: write.jobId! };
  if (write.kind === "event")
    return api.post("/api/tracked/{job_id}/events", { path, body, headers });
  return api.patch("/api/tracked/{job_id}", { path, body, headers });
}

function remember(reader: Reader) {
  localStorage.setItem(READER_KEY, JSON.stringify(reader));
}

function registerServiceWorker() {
  // The service worker serves the app shell; it is at the site's root so its scope is the page.
  if ("serviceWorker" in navigator && import.meta.env.PROD) {
    void navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
  }
}

function begin(session: OfflineSession) {
  current = session;
  changed();
  return session;
}

function end(session: OfflineSession) {
  if (current !== session) return;
  current = null;
  changed();
}

/** The signed-in page: the user's cache restored and kept, their queue sent, and the user
 * remembered (`sub` and `userName`, never a token) for a start offline with no session. */
export async function startOffline({
  client,
  api,
  auth,
  userName,
}: {
  client: QueryClient;
  api: ApiClient;
  auth: Pick<TokenSource, "getAccessToken">;
  userName: string;
}): Promise<OfflineSession | null> {
  registerServiceWorker();
  const user = userOfToken(await auth.getAccessToken());
  if (!user || typeof indexedDB === "undefined") return null;
  const store = offlineStore();
  await forgetOthers(store, user);
  remember({ sub: user, name: userName });
  const unpersist = await persistFor(client, store, user, SCHEMA_VERSION);
  const outbox = createOutbox({
    user,
    storage: outboxStorage(store),
    send: (write) => sendWrite(api, write),
    onSent(write, result) {
      if (write.kind !== "job") writeJob(client, result as TrackedJob);
      void client.invalidateQueries({ queryKey: jobKeys.lists() });
    },
  });
  await outbox.load();
  const flush = () => void outbox.flush();
  window.addEventListener("online", flush);
  // A write whose answer was lost while the browser still said "online" is tried again.
  const timer = window.setInterval(() => {
    if (navigator.onLine && outbox.list().some((w) => w.state === "pending")) flush();
  }, 15_000);
  if (navigator.onLine) flush();
  const session: OfflineSession = {
    user,
    reading: false,
    outbox,
    client,
    stop() {
      window.removeEventListener("online", flush);
      window.clearInterval(timer);
      unpersist();
      end(session);
    },
  };
  return begin(session);
}

/** The page started with no session and no network: the remembered user's cache, read-only
 * (the server is not asked again: there is no token to ask with), and their queue, which keeps
 * new writes until that user signs in again online (startOffline then sends it). Null when the
 * device holds nothing of theirs to read: the page shows the sign-in. */
export async function startReading(client: QueryClient): Promise<OfflineSession | null> {
  registerServiceWorker();
  const reader = rememberedReader();
  if (typeof reader?.sub !== "string" || typeof indexedDB === "undefined") return null;
  const store = offlineStore();
  client.setDefaultOptions({
    ...client.getDefaultOptions(),
    queries: {
      ...client.getDefaultOptions().queries,
      staleTime: Infinity,
      refetchOnReconnect: false,
      refetchOnWindowFocus: false,
      retry: false,
    },
  });
  if (!(await restoreFor(client, store, reader.sub, SCHEMA_VERSION))) return null;
  const outbox = createOutbox({
    user: reader.sub,
    storage: outboxStorage(store),
    send: () => Promise.reject(new Error("Sign in to send your changes.")),
  });
  await outbox.load();
  const session: OfflineSession = {
    user: reader.sub,
    reading: true,
    outbox,
    client,
    stop: () => end(session),
  };
  return begin(session);
}

/** Whether the API answers at all (any status) within 5 s: a page with no session, online by
 * the browser's account but with no way through (a train's dead Wi-Fi), reads offline too. */
export async function reachable(api: ApiClient) {
  const signal = AbortSignal.timeout(5_000);
  try {
    await api.get("/api/health", { auth: false, signal });
  } catch (error) {
    return !signal.aborted && !(isApiError(error) && error.status === 0);
  }
  return true;
}

/** Keeps a change for later: offline, or the server could not be reached. The job view shows it
 * as pending; it is sent when the connection is back. False when there is no offline session
 * (e.g. IndexedDB is unavailable): the caller shows its error as before. */
export async function queueWrite(write: Pick<QueuedWrite, "kind" | "jobId" | "body" | "key">) {
  if (!current) return false;
  await current.outbox.add(write);
  if (navigator.onLine && !current.reading) void current.outbox.flush();
  return true;
}

/** Sends a write now, or keeps it for later (answers null) when the page is offline, reading
 * with no session, or the answer was lost (status 0: the server may have done it; the same key
 * makes the retry safe). Any other failure is thrown as before. */
export async function sendOrQueue<T>(
  write: Pick<QueuedWrite, "kind" | "jobId" | "body" | "key">,
  send: () => Promise<T>,
): Promise<T | null> {
  if ((!navigator.onLine || current?.reading) && (await queueWrite(write))) return null;
  try {
    return await send();
  } catch (error) {
    if (isApiError(error) && error.status === 0 && (await queueWrite(write))) return null;
    throw error;
  }
}

/** The job as it will be once a queued patch is sent (notes merged key by key, as the API does). */
export function patchedJob(client: QueryClient, jobId: number, body: Record<string, unknown>) {
  const job = client.getQueryData<TrackedJob>(jobKeys.detail(jobId));
  if (!job) throw new Error("This job is not on the device: connect to change it.");
  const notes = body.notes ? { ...job.notes, ...body.notes } : job.notes;
  return { ...job, ...body, notes } as TrackedJob;
}

/** Sign-out: stop writing the cache, then delete the user's cache and queue, and the
 * remembered user, from the device (also when the page was only reading them). */
export async function endOffline() {
  localStorage.removeItem(READER_KEY);
  const session = current;
  if (session) {
    session.stop();
    session.client.clear();
    await session.outbox.clear();
  }
  if (typeof indexedDB !== "undefined") await forgetAll(offlineStore());
}
