import type { QueryClient } from "@tanstack/react-query";
import { CloudOff, LogIn } from "lucide-react";
import { useCallback, useEffect, useSyncExternalStore } from "react";
import type { ApiClient, TokenSource } from "../../lib/apiClient";
import { startOffline, startReading, type OfflineSession } from "../../lib/offline/start";
import PendingWrites from "./PendingWrites";
import { useOnline, useQueuedWrites, useReachable } from "./useOffline";
import "./offline.css";

/** Starts the offline layer for the page (after the first render: this component is lazy), and
 * says when the page is offline and since when its data is. `leave`: the page started offline
 * with no session and reads the last user's jobs from the device; leaving shows the sign-in
 * (offered once the server answers again; also when there is nothing on the device to read). */
export default function OfflineBanner({
  api,
  auth,
  client,
  userName,
  leave,
}: {
  api: ApiClient;
  auth: TokenSource;
  client: QueryClient;
  userName: string;
  leave?: () => void;
}) {
  useEffect(() => {
    let stop: (() => void) | undefined;
    let gone = false;
    const started: Promise<OfflineSession | null> = leave
      ? startReading(client)
      : startOffline({ client, api, auth, userName });
    void started.then((session) => {
      if (gone) session?.stop();
      else if (session) stop = session.stop;
      else leave?.();
    });
    return () => {
      gone = true;
      stop?.();
    };
  }, [client, api, auth, userName, leave]);
  const browserOnline = useOnline();
  const serverAnswers = useReachable(api, Boolean(leave));
  const online = leave ? serverAnswers : browserOnline;
  const waiting = useQueuedWrites().filter((write) => write.state === "pending").length;
  // The time of the newest data on the page: what "what you saw" means.
  const cache = client.getQueryCache();
  const seenAt = useSyncExternalStore(
    useCallback((listener) => cache.subscribe(listener), [cache]),
    () => Math.max(0, ...cache.getAll().map((query) => query.state.dataUpdatedAt)),
  );
  // New jobs made offline have no job view yet: they are listed here.
  if (online && !waiting && !leave) return <PendingWrites jobId={null} />;
  const time = seenAt
    ? new Date(seenAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
    : null;
  const changes = `${waiting} ${waiting === 1 ? "change" : "changes"}`;
  let text: string;
  if (leave && online) {
    text = `You're back online: sign in to see the latest${waiting ? ` and send your ${changes}` : ""}.`;
  } else if (leave) {
    text = `You're offline — showing what you saw${time ? ` at ${time}` : ""}; sign in when you're back online to send changes.`;
  } else if (online) {
    text = "Back online: sending your changes…";
  } else {
    text = time ? `You're offline — showing what you saw at ${time}.` : "You're offline.";
  }
  if (waiting && !(leave && online))
    text += ` ${changes} ${waiting === 1 ? "waits" : "wait"} to be sent.`;
  return (
    <>
      <div className="offline-banner" role="status">
        <CloudOff size={18} aria-hidden="true" />
        <span>{text}</span>
        {leave && online && (
          <button type="button" className="button primary small" onClick={leave}>
            <LogIn size={16} aria-hidden="true" />
            Sign in
          </button>
        )}
      </div>
      <PendingWrites jobId={null} />
    </>
  );
}
