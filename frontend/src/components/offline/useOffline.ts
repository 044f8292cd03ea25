import { useSyncExternalStore } from "react";
import { getSession, subscribeSession } from "../../lib/offline/start";
import type { QueuedWrite } from "../../lib/offline/outbox";

function subscribeOnline(listener: () => void) {
  window.addEventListener("online", listener);
  window.addEventListener("offline", listener);
  return () => {
    window.removeEventListener("online", listener);
    window.removeEventListener("offline", listener);
  };
}

export const useOnline = () => useSyncExternalStore(subscribeOnline, () => navigator.onLine);

const NONE: QueuedWrite[] = [];

function subscribeWrites(listener: () => void) {
  let stopOutbox: (() => void) | undefined;
  const follow = () => {
    stopOutbox?.();
    stopOutbox = getSession()?.outbox.subscribe(listener);
    listener();
  };
  const stopSession = subscribeSession(follow);
  stopOutbox = getSession()?.outbox.subscribe(listener);
  return () => {
    stopSession();
    stopOutbox?.();
  };
}

/** The signed-in user's queued writes (all, or one job's). */
export function useQueuedWrites(): QueuedWrite[] {
  return useSyncExternalStore(subscribeWrites, () => getSession()?.outbox.list() ?? NONE);
}
