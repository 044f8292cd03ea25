import { useId, useState } from "react";
import { ConfirmDialog, Dialog } from "../../../components/ui/Dialog";
import { formatDate } from "../../../lib/format";
import { useCreateFeed, useDeleteFeed, useFeedStatus } from "../api/calendarApi";
import { browserTimeZone } from "../../../lib/timeZone";
import { timeZones } from "../model/calendarModel";
import { FeedAddress } from "./FeedAddress";
import { FeedHowTo } from "./FeedHowTo";
import "./subscribe.css";

type Asking = "rotate" | "off" | null;

/** The private feed for calendar apps: whether one is active, create it (in the browser's
 * zone unless another is chosen), its address shown once with Copy, a new address (the old one
 * stops working) and turning it off, each after a confirmation. */
export function SubscribeDialog({ onClose }: { onClose: () => void }) {
  const status = useFeedStatus();
  const create = useCreateFeed();
  const remove = useDeleteFeed();
  const [zone, setZone] = useState<string | null>(null);
  const [asking, setAsking] = useState<Asking>(null);
  const zoneId = useId();

  const feed = status.data;
  const active = feed?.active === true;
  const timezone = zone ?? feed?.timezone ?? browserTimeZone();
  const created = create.data;

  function makeFeed() {
    create.mutate(timezone, { onSettled: () => setAsking(null) });
  }

  return (
    <>
      <Dialog title="Subscribe in your calendar app" onClose={onClose} className="subscribe-dialog">
        <div className="modal-body">
          <p>
            A private address your calendar app can subscribe to: interviews, steps, offer deadlines
            and start dates, kept up to date. No notes are included.
          </p>
          {status.isPending ? (
            <p role="status">Checking your feed…</p>
          ) : status.isError ? (
            <p className="form-error" role="alert">
              Could not check your feed: {status.error.message}
            </p>
          ) : (
            <p className="feed-status" role="status">
              {active
                ? `A feed is active (times in ${feed?.timezone ?? "UTC"}${feed?.created_at ? `, address made ${formatDate(feed.created_at)}` : ""}).`
                : "No feed is active."}
            </p>
          )}
          <div className="field">
            <label htmlFor={zoneId}>Time zone</label>
            <select id={zoneId} value={timezone} onChange={(e) => setZone(e.target.value)}>
              {timeZones(timezone).map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
          </div>
          {created && <FeedAddress key={created.url} url={created.url} />}
          {create.isError && !asking && (
            <p className="form-error" role="alert">
              {create.error.message}
            </p>
          )}
          {remove.isError && !asking && (
            <p className="form-error" role="alert">
              {remove.error.message}
            </p>
          )}
          <FeedHowTo />
        </div>
        <div className="modal-actions">
          {active ? (
            <>
              <button type="button" className="button" onClick={() => setAsking("rotate")}>
                New address
              </button>
              <button type="button" className="button danger" onClick={() => setAsking("off")}>
                Turn off
              </button>
            </>
          ) : (
            <button
              type="button"
              className="button primary"
              aria-disabled={create.isPending || status.isPending || undefined}
              onClick={() => {
                if (!create.isPending && !status.isPending) makeFeed();
              }}
            >
              {create.isPending ? "Creating…" : "Create address"}
            </button>
          )}
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      </Dialog>
      {asking === "rotate" && (
        <ConfirmDialog
          title="Replace the feed address?"
          confirmLabel="Replace address"
          busy={create.isPending}
          error={create.isError ? create.error.message : null}
          onConfirm={makeFeed}
          onClose={() => setAsking(null)}
        >
          <p>
            The current address stops working at once: calendar apps subscribed to it stop updating
            until you give them the new one.
          </p>
        </ConfirmDialog>
      )}
      {asking === "off" && (
        <ConfirmDialog
          title="Turn off the feed?"
          confirmLabel="Turn off"
          busy={remove.isPending}
          error={remove.isError ? remove.error.message : null}
          onConfirm={() =>
            remove.mutate(undefined, {
              onSuccess: () => create.reset(),
              onSettled: () => setAsking(null),
            })
          }
          onClose={() => setAsking(null)}
        >
          <p>The address stops working at once and calendar apps stop updating.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
