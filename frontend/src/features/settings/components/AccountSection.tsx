import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useId, useState } from "react";
import { useApi } from "../../../lib/apiContext";
import { formatFileSize } from "../../../lib/format";
import { downloadJsonExport } from "../api/importExport";

/** The words that delete everything: typed exactly, as the API checks them. */
const CONFIRM_PHRASE = "delete my data";

const plural = (n: number, one: string, many: string) =>
  `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** "Your data": what Track keeps for this account (counts and bytes), "export everything"
 * first, then delete it all with the phrase typed. After the API's 204 the page forgets
 * everything it read and `onDeleted` runs (Cognito: the sign-in account is deleted too). */
export function AccountSection({ onDeleted }: { onDeleted?: () => Promise<void> }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const id = useId();
  const kept = useQuery({
    queryKey: ["account"],
    queryFn: () => api.get("/api/account"),
  });
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const [exported, setExported] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const matches = typed === CONFIRM_PHRASE;

  async function exportEverything() {
    setError(null);
    try {
      const count = await downloadJsonExport(api);
      setExported(`Exported ${plural(count, "job", "jobs")}.`);
    } catch (err) {
      setError(`Could not export: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async function deleteEverything() {
    if (!matches || busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.delete("/api/account", { body: { confirm: CONFIRM_PHRASE } });
    } catch (err) {
      setBusy(false);
      setError(`Nothing was deleted: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    queryClient.clear();
    try {
      await onDeleted?.();
    } catch (err) {
      setBusy(false);
      setError(
        `Your data is deleted, but the sign-in account is not: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  return (
    <section className="settings-card account-card" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Your data</h3>
      {kept.isPending ? (
        <p role="status">Counting what Track keeps for you…</p>
      ) : kept.isError ? (
        <p className="form-error" role="alert">
          Could not count what Track keeps: {kept.error.message}
        </p>
      ) : kept.data.jobs === 0 && kept.data.documents === 0 ? (
        <p data-testid="account-kept">Track keeps no jobs and no documents for you.</p>
      ) : (
        <p data-testid="account-kept">
          Track keeps {plural(kept.data.jobs, "job", "jobs")} with{" "}
          {plural(kept.data.events, "step", "steps")}, and{" "}
          {plural(kept.data.documents, "document", "documents")}
          {kept.data.documents > 0 && ` (${formatFileSize(kept.data.stored_bytes)})`}.
        </p>
      )}
      <ol className="account-steps">
        <li>
          <p>Export everything first: a Track export can be imported again here or elsewhere.</p>
          <button type="button" className="button" onClick={() => void exportEverything()}>
            Export everything (JSON)
          </button>
          {exported && <p role="status">{exported}</p>}
        </li>
        <li>
          <p>
            Delete every job, step, contact, document and file, your calendar feed and your
            notification settings. This cannot be undone.
          </p>
          <label htmlFor={`${id}-confirm`}>
            Type <strong>{CONFIRM_PHRASE}</strong> to confirm
          </label>
          <input
            id={`${id}-confirm`}
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
          <div className="form-actions">
            <button
              type="button"
              className="button danger"
              disabled={!matches || busy}
              onClick={() => void deleteEverything()}
            >
              <Trash2 size={16} aria-hidden="true" />
              {busy ? "Deleting…" : "Delete my data"}
            </button>
          </div>
        </li>
      </ol>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
