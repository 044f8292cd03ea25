import { useEffect, useState, useSyncExternalStore } from "react";
import type { ApiClient } from "../../lib/apiClient";
import { getSession, reachable, subscribeSession } from "../../lib/offline/start";
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

/** Whether the API answers (any status), asked now, when the browser's connection changes, and
 * every 20 s: a page reading offline with no session offers the sign-in only once it would
 * work. False throughout unless `enabled`. */
export function useReachable(api: ApiClient, enabled: boolean) {
  const [answers, setAnswers] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    let gone = false;
    const ask = () => {
      if (!navigator.onLine) return setAnswers(false);
      void reachable(api).then((yes) => !gone && setAnswers(yes));
    };
    ask();
    window.addEventListener("online", ask);
    window.addEventListener("offline", ask);
    const timer = window.setInterval(ask, 20_000);
    return () => {
      gone = true;
      window.removeEventListener("online", ask);
      window.removeEventListener("offline", ask);
      window.clearInterval(timer);
    };
  }, [api, enabled]);
  return answers;
}
