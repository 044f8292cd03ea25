import { Check, Lock } from "lucide-react";
import { useId } from "react";
import { SchemaField } from "../../../components/ui/SchemaField";
import { METADATA_FIELDS } from "../../../generated/trackingSchema.js";
import type { TrackedJob } from "../../../lib/apiTypes";
import { useDetailsAutosave } from "../hooks/useDetailsAutosave";

/** Salary, location, general note (from METADATA_FIELDS), saved while typing (a short pause,
 * leaving the field, or leaving the page: useDetailsAutosave), with a quiet "Saving…" / "Saved"
 * beside each and a failure said at the field. */
export function JobDetails({ job, disabled = false }: { job: TrackedJob; disabled?: boolean }) {
  const { values, status, onChange, onBlur } = useDetailsAutosave(job);
  const idPrefix = useId();

  return (
    <section className="job-section metadata" aria-labelledby={`${idPrefix}-heading`}>
      <h3 id={`${idPrefix}-heading`}>Details</h3>
      <div className="metadata-grid">
        {METADATA_FIELDS.map((field) => {
          const s = status[field.name];
          return (
            <div key={field.name} className="metadata-field">
              <SchemaField
                idPrefix={idPrefix}
                field={field}
                value={values[field.name]}
                disabled={disabled}
                onChange={onChange}
                onBlur={(name) => void onBlur(name)}
                error={
                  s?.state === "failed"
                    ? `Not saved: ${s.message} Leave the field again to retry.`
                    : null
                }
              />
              {/* Quiet: seen, not announced at every pause in typing; a failure is said at the
                  field (its description). */}
              <p className="save-status" data-state={s?.state ?? "idle"}>
                {s?.state === "saving" && "Saving…"}
                {s?.state === "saved" && (
                  <>
                    <Check aria-hidden="true" className="icon" />
                    Saved
                  </>
                )}
              </p>
            </div>
          );
        })}
      </div>
      {disabled && (
        <p className="muted-note">
          <Lock aria-hidden="true" className="icon" />
          Details are locked while the job is rejected or withdrawn.
        </p>
      )}
    </section>
  );
}
