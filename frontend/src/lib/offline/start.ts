/** The page's offline layer, loaded after the first screen (lib/offline/index.ts): registers the
 * service worker, restores and keeps the signed-in user's cache (persist.ts), and runs their
 * queue of writes that wait (outbox.ts). One session per signed-in page; sign-out ends it and
 * leaves nothing of the user on the device. */
import type { QueryClient } from "@tanstack/react-query";
import { isApiError, type ApiClient, type TokenSource } from "../apiClient";
import type { TrackedJob } from "../apiTypes";
import { SCHEMA_VERSION } from "../../generated/trackingSchema.js";
import { jobKeys, writeJob } from "../jobsCache";
import { createOutbox, type Outbox, type QueuedWrite } from "./outbox";
import { forgetOthers, forgetUser, offlineStore, outboxStorage, persistFor } from "./persist";

export interface OfflineSession {
  user: string;
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

export async function startOffline({
  client,
  api,
  auth,
}: {
  client: QueryClient;
  api: ApiClient;
  auth: Pick<TokenSource, "getAccessToken">;
}): Promise<OfflineSession | null> {
  // The service worker serves the app shell; it is at the site's root so its scope is the page.
  if ("serviceWorker" in navigator && import.meta.env.PROD) {
    void navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
  }
  const user = userOfToken(await auth.getAccessToken());
  if (!user || typeof indexedDB === "undefined") return null;
  const store = offlineStore();
  await forgetOthers(store, user);
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
    outbox,
    client,
    stop() {
      window.removeEventListener("online", flush);
      window.clearInterval(timer);
      unpersist();
      if (current === session) {
        current = null;
        changed();
      }
    },
  };
  current = session;
  changed();
  return session;
}

/** Keeps a change for later: offline, or the server could not be reached. The job view shows it
 * as pending; it is sent when the connection is back. False when there is no offline session
 * (e.g. IndexedDB is unavailable): the caller shows its error as before. */
export async function queueWrite(write: Pick<QueuedWrite, "kind" | "jobId" | "body" | "key">) {
  if (!current) return false;
  await current.outbox.add(write);
  if (navigator.onLine) void current.outbox.flush();
  return true;
}

/** Sends a write now, or keeps it for later (answers null) when the page is offline or the
 * answer was lost (status 0: the server may have done it; the same key makes the retry safe).
 * Any other failure is thrown as before. */
export async function sendOrQueue<T>(
  write: Pick<QueuedWrite, "kind" | "jobId" | "body" | "key">,
  send: () => Promise<T>,
): Promise<T | null> {
  if (!navigator.onLine && (await queueWrite(write))) return null;
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

/** Sign-out: stop writing the cache, then delete the user's cache and queue from the device. */
export async function endOffline() {
  const session = current;
  if (!session) return;
  session.stop();
  session.client.clear();
  await session.outbox.clear();
  await forgetUser(offlineStore(), session.user);
}
