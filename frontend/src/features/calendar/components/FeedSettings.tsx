import { useState } from "react";
import { SubscribeDialog } from "./SubscribeDialog";

/** The calendar subscription as a settings card: it lives on the settings page too, where people
 * look for account-wide settings (app/SettingsScreen puts it there). */
export function FeedSettings() {
  const [open, setOpen] = useState(false);
  return (
    <section className="settings-card" aria-labelledby="feed-heading">
      <h3 id="feed-heading">Calendar subscription</h3>
      <p>
        A private address your calendar app (Google Calendar, Apple Calendar, Outlook) can subscribe
        to: your interviews, offer deadlines and start dates, without your notes.
      </p>
      <div className="form-actions">
        <button type="button" className="button" onClick={() => setOpen(true)}>
          Subscribe in your calendar app…
        </button>
      </div>
      {open && <SubscribeDialog onClose={() => setOpen(false)} />}
    </section>
  );
}
