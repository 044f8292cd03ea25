import { Check } from "lucide-react";
import { useId, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { TagEditor } from "../../../components/ui/TagEditor";
import { fieldErrorMap } from "../../../lib/apiClient";
import type { JobUpdate, TrackedJob } from "../../../lib/apiTypes";
import { jobKeys } from "../../../lib/jobsCache";
import { PRIORITY_LABELS } from "../../../lib/jobLabels";
import { useTags } from "../../../lib/useTags";
import { useUpdateJob } from "../api/jobMutations";

type SaveState = { state: "saving" | "saved" } | { state: "failed"; message: string };

/** The job's priority and tags, each change saved at once (like the details); the tag box
 * suggests the user's other tags. Locked with the job while it is rejected or withdrawn. */
export function JobLabels({ job, disabled = false }: { job: TrackedJob; disabled?: boolean }) {
  const updateJob = useUpdateJob(job.id);
  const queryClient = useQueryClient();
  const suggestions = useTags().map((t) => t.tag);
  // What is being saved, shown until the server answers (then the job's own values).
  const [pending, setPending] = useState<{ priority?: number; tags?: string[] }>({});
  const [status, setStatus] = useState<SaveState | null>(null);
  const id = useId();

  async function save(body: JobUpdate & { priority?: number; tags?: string[] }) {
    setPending(body);
    setStatus({ state: "saving" });
    try {
      await updateJob.mutateAsync(body);
      setStatus({ state: "saved" });
      if (body.tags) void queryClient.invalidateQueries({ queryKey: jobKeys.tags() });
    } catch (err) {
      const message =
        Object.values(fieldErrorMap(err, ["priority", "tags"]))[0] ?? (err as Error).message;
      setStatus({ state: "failed", message });
    } finally {
      setPending({});
    }
  }

  const priority = pending.priority ?? job.priority;
  const tags = pending.tags ?? job.tags;
  return (
    <section className="job-section job-labels" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Priority and tags</h3>
      <div className="field">
        <label htmlFor={`${id}-priority`}>Priority</label>
        <select
          id={`${id}-priority`}
          value={priority}
          disabled={disabled}
          onChange={(e) => void save({ priority: Number(e.target.value) })}
        >
          {PRIORITY_LABELS.map((label, value) => (
            <option key={label} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <TagEditor
        tags={tags}
        onChange={(next) => void save({ tags: next })}
        suggestions={suggestions}
        disabled={disabled}
        idPrefix={id}
      />
      <p className="save-status" aria-live="polite" data-state={status?.state ?? "idle"}>
        {status?.state === "saving" && "Saving…"}
        {status?.state === "saved" && (
          <>
            <Check aria-hidden="true" className="icon" />
            Saved
          </>
        )}
        {status?.state === "failed" && (
          <span className="field-error">Not saved: {status.message}</span>
        )}
      </p>
    </section>
  );
}
