import { Clock, TriangleAlert } from "lucide-react";
import type { QueuedWrite } from "../../lib/offline/outbox";
import { getSession } from "../../lib/offline/start";
import { useQueuedWrites } from "./useOffline";
import "./offline.css";

/** What the user typed, in a line: an event's type, title and date; a patch's fields. */
function describe(write: QueuedWrite): string {
  const body = write.body;
  if (write.kind === "patch") return `Changes to ${Object.keys(body).join(", ")}`;
  const parts = [body.event_type, body.title, body.occurred_at ?? body.scheduled_at]
    .filter((part) => typeof part === "string" && part)
    .map(String);
  if (write.kind === "job")
    return `New job: ${[body.title, body.company].filter(Boolean).join(" at ")}`;
  return parts.join(" · ") || "A new step";
}

/** The job's writes that wait for the network (jobId null: the new jobs), and the ones the server
 * refused, with the user's input and a way to send it again or let it go. */
export default function PendingWrites({ jobId }: { jobId: number | null }) {
  const writes = useQueuedWrites().filter((write) => write.jobId === jobId);
  if (!writes.length) return null;
  const session = getSession();
  const outbox = session?.outbox;
  // A page reading offline with no session sends nothing until its user signs in again.
  const when = session?.reading ? "sent once you sign in" : "sent when you are back online";
  return (
    <section className="pending-writes" aria-label="Changes not yet saved">
      <ul>
        {writes.map((write) =>
          write.state === "pending" ? (
            <li key={write.id} className="pending-write" data-state="pending">
              <Clock size={16} aria-hidden="true" />
              <span>
                <strong>Pending:</strong> {describe(write)} ({when})
              </span>
            </li>
          ) : (
            <li key={write.id} className="pending-write" data-state="refused">
              <TriangleAlert size={16} aria-hidden="true" />
              <div>
                <p>
                  <strong>Not saved:</strong> {describe(write)}. {write.error}
                </p>
                <details>
                  <summary>What you entered</summary>
                  <pre>{JSON.stringify(write.body, null, 2)}</pre>
                </details>
                <div className="pending-actions">
                  <button
                    type="button"
                    className="button small"
                    onClick={() => void outbox?.retry(write.id)}
                  >
                    Send again
                  </button>
                  <button
                    type="button"
                    className="button ghost small"
                    onClick={() => void outbox?.discard(write.id)}
                  >
                    Discard
                  </button>
                </div>
              </div>
            </li>
          ),
        )}
      </ul>
    </section>
  );
}
