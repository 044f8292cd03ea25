import { useSyncExternalStore } from "react";
import type { ApiClient } from "../lib/apiClient";
import "./UpdateBanner.css";

export const UPDATE_MESSAGE = "Track was updated. Reload to get the new version.";

/** A notice, not a blocker, that the API now runs a newer Track than this page was built for
 * (`api.isStale()`, from the X-Schema-Version header), with a button to reload. The live region
 * is always there, so the notice is announced when it appears; the page keeps working below. */
export function UpdateBanner({
  api,
  onReload = () => window.location.reload(),
}: {
  api: Pick<ApiClient, "isStale" | "subscribeStale">;
  onReload?: () => void;
}) {
  const stale = useSyncExternalStore(api.subscribeStale, api.isStale);
  return (
    <div className="update-banner-region" role="status">
      {stale && (
        <div className="update-banner">
          <p>{UPDATE_MESSAGE}</p>
          <button type="button" className="button small primary" onClick={() => onReload()}>
            Reload
          </button>
        </div>
      )}
    </div>
  );
}
