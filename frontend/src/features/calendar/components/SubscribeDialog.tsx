import { useId, useState } from "react";
import { ConfirmDialog, Dialog } from "../../../components/ui/Dialog";
import { formatDate } from "../../../lib/format";
import { type FeedSteps, useCreateFeed, useDeleteFeed, useFeedStatus } from "../api/calendarApi";
import { browserTimeZone, timeZones } from "../../../lib/timeZone";
import { FeedAddress } from "./FeedAddress";
import { FeedHowTo } from "./FeedHowTo";
import "./subscribe.css";

type Asking = "rotate" | "off" | null;

/** What a feed can hold, the quieter choice first (and the default for a new feed). */
const STEP_CHOICES: { value: FeedSteps; label: string; hint: string }[] = [
  {
    value: "appointments",
    label: "Appointments only",
    hint: "Screenings, interviews, reference checks, offer deadlines, start dates and apply-by dates.",
  },
  {
    value: "all",
    label: "Every step",
    hint: "Also an all-day event for each application, offer, rejection and other step you record.",
  },
];

/** The private feed for calendar apps: whether one is active, create it (in the browser's
 * zone unless another is chosen; appointments only unless every step is chosen), its address
 * shown once with Copy, a new address (the old one stops working; it also applies a changed
 * zone or choice of steps) and turning it off, each after a confirmation. */
export function SubscribeDialog({ onClose }: { onClose: () => void }) {
  const status = useFeedStatus();
  const create = useCreateFeed();
  const remove = useDeleteFeed();
  const [zone, setZone] = useState<string | null>(null);
  const [chosenSteps, setSteps] = useState<FeedSteps | null>(null);
  const [asking, setAsking] = useState<Asking>(null);
  const zoneId = useId();
  const stepsName = useId();

  const feed = status.data;
  const active = feed?.active === true;
  const timezone = zone ?? feed?.timezone ?? browserTimeZone();
  const steps = chosenSteps ?? feed?.steps ?? "appointments";
  const created = create.data;

  function makeFeed() {
    create.mutate({ timezone, steps }, { onSettled: () => setAsking(null) });
  }

  return (
    <>
      <Dialog title="Subscribe in your calendar app" onClose={onClose} className="subscribe-dialog">
        <div className="modal-body">
          <p>
            A private address your calendar app can subscribe to, kept up to date. No notes are
            included.
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
                ? `A feed is active (${feed?.steps === "all" ? "every step" : "appointments only"}, times in ${feed?.timezone ?? "UTC"}${feed?.created_at ? `, address made ${formatDate(feed.created_at)}` : ""}).`
                : "No feed is active."}
            </p>
          )}
          <fieldset className="feed-steps">
            <legend>What the feed holds</legend>
            {STEP_CHOICES.map((choice) => (
              <label key={choice.value} className="feed-step-choice">
                <input
                  type="radio"
                  name={stepsName}
                  value={choice.value}
                  checked={steps === choice.value}
                  onChange={() => setSteps(choice.value)}
                />
                <span>
                  <strong>{choice.label}</strong>
                  <small>{choice.hint}</small>
                </span>
              </label>
            ))}
            {active && steps !== feed?.steps && (
              <p className="feed-steps-note">A new address applies the change.</p>
            )}
          </fieldset>
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
