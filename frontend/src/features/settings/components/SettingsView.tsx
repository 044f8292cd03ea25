import { useState, type ReactNode } from "react";
import { useApi } from "../../../lib/apiContext";
import { downloadCsvExport, downloadJsonExport } from "../api/importExport";
import { AccountSection } from "./AccountSection";
import { ImportSection } from "./ImportSection";
import "./settings.css";

/** `/settings`: export your jobs, import a Track export or a spreadsheet's CSV, and delete
 * everything. `children`: the cards other features lend this page (the calendar's feed), first,
 * composed by the app. `onAccountDeleted`: what follows "delete my data" (the sign-in's part). */
export function SettingsView({
  children,
  onAccountDeleted,
}: {
  children?: ReactNode;
  onAccountDeleted?: () => Promise<void>;
}) {
  return (
    <section className="settings" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      {children}
      <ExportSection />
      <ImportSection />
      <AccountSection onDeleted={onAccountDeleted} />
    </section>
  );
}

interface ExportState {
  busy: boolean;
  message: string | null;
  error: string | null;
}

function ExportSection() {
  const api = useApi();
  const [state, setState] = useState<ExportState>({ busy: false, message: null, error: null });

  const exportButton = (label: string, run: () => Promise<number>) => {
    return (
      <button
        key={label}
        type="button"
        className="button"
        aria-disabled={state.busy || undefined}
        onClick={() => {
          if (state.busy) return;
          setState({ busy: true, message: null, error: null });
          run().then(
            (count) =>
              setState({
                busy: false,
                message: `Exported ${count} ${count === 1 ? "job" : "jobs"}.`,
                error: null,
              }),
            (err: unknown) =>
              setState({
                busy: false,
                message: null,
                error: `Could not export: ${err instanceof Error ? err.message : String(err)}`,
              }),
          );
        }}
      >
        {label}
      </button>
    );
  };

  return (
    <section className="settings-card" aria-labelledby="export-heading">
      <h3 id="export-heading">Export</h3>
      <p>
        Every job with its steps and notes, as a Track export (JSON) you can import again here or in
        another account, or as a spreadsheet (CSV, one row per job with the date of each step).
        Résumé files are not included.
      </p>
      <div className="form-actions">
        {exportButton("Download JSON", () => downloadJsonExport(api))}
        {exportButton("Download CSV", () => downloadCsvExport(api))}
      </div>
      <p role="status">{state.message}</p>
      {state.error && (
        <p className="form-error" role="alert">
          {state.error}
        </p>
      )}
    </section>
  );
}
