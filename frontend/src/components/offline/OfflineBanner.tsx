import type { QueryClient } from "@tanstack/react-query";
import { CloudOff } from "lucide-react";
import { useCallback, useEffect, useSyncExternalStore } from "react";
import type { ApiClient, TokenSource } from "../../lib/apiClient";
import { startOffline } from "../../lib/offline/start";
import PendingWrites from "./PendingWrites";
import { useOnline, useQueuedWrites } from "./useOffline";
import "./offline.css";

/** Starts the offline layer for the signed-in page (after the first render: this component is
 * lazy), and says when the page is offline and since when its data is. */
export default function OfflineBanner({
  api,
  auth,
  client,
}: {
  api: ApiClient;
  auth: TokenSource;
  client: QueryClient;
}) {
  useEffect(() => {
    let stop: (() => void) | undefined;
    let gone = false;
    void startOffline({ client, api, auth }).then((session) => {
      if (gone) session?.stop();
      else stop = session?.stop;
    });
    return () => {
      gone = true;
      stop?.();
    };
  }, [client, api, auth]);
  const online = useOnline();
  const waiting = useQueuedWrites().filter((write) => write.state === "pending").length;
  // The time of the newest data on the page: what "what you saw" means.
  const cache = client.getQueryCache();
  const seenAt = useSyncExternalStore(
    useCallback((listener) => cache.subscribe(listener), [cache]),
    () => Math.max(0, ...cache.getAll().map((query) => query.state.dataUpdatedAt)),
  );
  // New jobs made offline have no job view yet: they are listed here.
  if (online && !waiting) return <PendingWrites jobId={null} />;
  const time = seenAt
    ? new Date(seenAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
    : null;
  return (
    <>
      <p className="offline-banner" role="status">
        <CloudOff size={18} aria-hidden="true" />
        <span>
          {online
            ? "Back online: sending your changes…"
            : time
              ? `You're offline — showing what you saw at ${time}.`
              : "You're offline."}
          {waiting > 0 &&
            ` ${waiting} ${waiting === 1 ? "change waits" : "changes wait"} to be sent.`}
        </span>
      </p>
      <PendingWrites jobId={null} />
    </>
  );
}
