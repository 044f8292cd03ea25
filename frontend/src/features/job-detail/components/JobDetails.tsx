import { Check, Lock } from "lucide-react";
import { useId, useState } from "react";
import { SchemaField } from "../../../components/ui/SchemaField";
import { METADATA_FIELDS } from "../../../generated/trackingSchema.js";
import { fieldErrorMap } from "../../../lib/apiClient";
import type { TrackedJob } from "../../../lib/apiTypes";
import { asInput, validate, type FormValues } from "../../../lib/fieldSpecs";
import { useUpdateJob } from "../api/jobMutations";

type SaveState = { state: "saving" | "saved" } | { state: "failed"; message: string };

/** Salary, location, general note (from METADATA_FIELDS). Each saves on blur, only when its
 * value changed from what the server holds, and says saving / saved / failed beside it. */
export function JobDetails({ job, disabled = false }: { job: TrackedJob; disabled?: boolean }) {
  const updateJob = useUpdateJob(job.id);
  const stored = (name: string) => asInput((job.notes as Record<string, unknown>)[name]);
  const [values, setValues] = useState<FormValues>(() =>
    Object.fromEntries(METADATA_FIELDS.map((f) => [f.name, stored(f.name)])),
  );
  const [status, setStatus] = useState<Record<string, SaveState | undefined>>({});
  const idPrefix = useId();

  async function save(name: string) {
    const field = METADATA_FIELDS.find((f) => f.name === name);
    const value = values[name] ?? "";
    if (!field || value === stored(name)) return; // unchanged: no request
    const invalid = validate([field], { [name]: value })[name];
    if (invalid) {
      setStatus((prev) => ({ ...prev, [name]: { state: "failed", message: invalid } }));
      return;
    }
    setStatus((prev) => ({ ...prev, [name]: { state: "saving" } }));
    try {
      await updateJob.mutateAsync({ notes: { [name]: value.trim() === "" ? null : value } });
      setStatus((prev) => ({ ...prev, [name]: { state: "saved" } }));
    } catch (err) {
      const message = fieldErrorMap(err, [name])[name] ?? (err as Error).message;
      setStatus((prev) => ({ ...prev, [name]: { state: "failed", message } }));
    }
  }

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
                onChange={(name, value) => {
                  setValues((prev) => ({ ...prev, [name]: value }));
                  if (s?.state === "saved") setStatus((prev) => ({ ...prev, [name]: undefined }));
                }}
                onBlur={(name) => void save(name)}
                error={
                  s?.state === "failed"
                    ? `Not saved: ${s.message} Leave the field again to retry.`
                    : null
                }
              />
              <p className="save-status" aria-live="polite" data-state={s?.state ?? "idle"}>
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
