/** Salary, location and general note saved while the person types: SAVE_DELAY_MS after the
 * last keystroke, at once when the field is left, and before the page moves on (useLeaveGuard).
 * Each save is a PATCH of that one note key (the API merges notes key by key, so two fields, or
 * two tabs editing different fields, never overwrite each other). A field changed on the server
 * (another tab) since the person started typing in it is not overwritten silently: the save
 * stops and says so, and the next one (leaving the field again) is the person's choice. */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { METADATA_FIELDS } from "../../../generated/trackingSchema.js";
import { fieldErrorMap } from "../../../lib/apiClient";
import type { TrackedJob } from "../../../lib/apiTypes";
import { asInput, validate, type FormValues } from "../../../lib/fieldSpecs";
import { useLeaveGuard } from "../../../lib/useLeaveGuard";
import { useUpdateJob } from "../api/jobMutations";

const SAVE_DELAY_MS = 800;

type SaveState = { state: "editing" | "saving" | "saved" } | { state: "failed"; message: string };

const serverValue = (job: TrackedJob, name: string) =>
  asInput((job.notes as Record<string, unknown>)[name]);
const serverValues = (job: TrackedJob): FormValues =>
  Object.fromEntries(METADATA_FIELDS.map((f) => [f.name, serverValue(job, f.name)]));

export function useDetailsAutosave(job: TrackedJob) {
  const updateJob = useUpdateJob(job.id);
  const [values, setValues] = useState<FormValues>(() => serverValues(job));
  const [status, setStatus] = useState<Record<string, SaveState | undefined>>({});
  // Read by saves and timers, which outlive the render that started them.
  const latest = useRef({ job, values, status });
  // The newest the page knows of the job: the one drawn, or a save's answer not drawn yet.
  useLayoutEffect(() => {
    if (job.updated_at >= latest.current.job.updated_at) latest.current.job = job;
  }, [job]);
  // The server's value each field's edit started from (a conflict is a change to it).
  const base = useRef<FormValues>(serverValues(job));
  const timers = useRef<Record<string, ReturnType<typeof setTimeout>>>({});
  const running = useRef<Record<string, Promise<boolean> | undefined>>({});

  const setState = useCallback((name: string, next: SaveState | undefined) => {
    latest.current.status = { ...latest.current.status, [name]: next };
    setStatus(latest.current.status);
  }, []);

  const send = useCallback(
    async (name: string): Promise<boolean> => {
      const field = METADATA_FIELDS.find((f) => f.name === name);
      const value = latest.current.values[name] ?? "";
      const stored = serverValue(latest.current.job, name);
      if (!field) return true;
      if (value === stored) {
        base.current[name] = stored;
        if (latest.current.status[name]?.state !== "saved") setState(name, undefined);
        return true;
      }
      if (stored !== base.current[name]) {
        base.current[name] = stored; // the next save is a deliberate overwrite
        const now = stored.trim() ? `“${stored}”` : "empty";
        setState(name, {
          state: "failed",
          message: `It was changed elsewhere (now ${now}) while you typed.`,
        });
        return false;
      }
      const invalid = validate([field], { [name]: value })[name];
      if (invalid) {
        setState(name, { state: "failed", message: invalid });
        return false;
      }
      setState(name, { state: "saving" });
      try {
        const saved = await updateJob.mutateAsync({
          notes: { [name]: value.trim() === "" ? null : value },
        });
        if (saved.updated_at >= latest.current.job.updated_at) latest.current.job = saved;
        base.current[name] = serverValue(saved, name);
        const typedSince = (latest.current.values[name] ?? "") !== value;
        setState(name, { state: typedSince ? "editing" : "saved" });
        return true;
      } catch (err) {
        const message = fieldErrorMap(err, [name])[name] ?? (err as Error).message;
        setState(name, { state: "failed", message });
        return false;
      }
    },
    [updateJob, setState],
  );

  /** Save `name` now: one save per field at a time, each sending the latest value. */
  const save = useCallback(
    (name: string): Promise<boolean> => {
      clearTimeout(timers.current[name]);
      const previous = running.current[name] ?? Promise.resolve(true);
      const next = previous.then(() => send(name));
      running.current[name] = next;
      return next;
    },
    [send],
  );

  const onChange = useCallback(
    (name: string, value: string) => {
      latest.current.values = { ...latest.current.values, [name]: value };
      setValues(latest.current.values);
      if (latest.current.status[name]?.state !== "saving") setState(name, { state: "editing" });
      clearTimeout(timers.current[name]);
      timers.current[name] = setTimeout(() => void save(name), SAVE_DELAY_MS);
    },
    [save, setState],
  );

  /** Fields whose input is not (yet) what the server holds. */
  const unsaved = () =>
    METADATA_FIELDS.map((f) => f.name).filter((name) => {
      const s = latest.current.status[name]?.state;
      return s === "editing" || s === "saving" || s === "failed";
    });

  const waiting = Object.values(status).some((s) => s !== undefined && s.state !== "saved");
  useLeaveGuard(waiting, async () => {
    const results = await Promise.all(unsaved().map(save));
    return results.every(Boolean);
  });

  // A change from elsewhere (another tab, a refetch) reaches fields the person is not editing.
  useEffect(() => {
    const next = { ...latest.current.values };
    let changed = false;
    for (const { name } of METADATA_FIELDS) {
      const s = latest.current.status[name]?.state;
      if (s === "editing" || s === "saving" || s === "failed") continue;
      const stored = serverValue(job, name);
      if (stored !== base.current[name] && next[name] === base.current[name]) {
        next[name] = stored;
        base.current[name] = stored;
        changed = true;
      }
    }
    if (changed) {
      latest.current.values = next;
      setValues(next);
    }
  }, [job]);

  // Leaving the job view (Back, another job) sends what is still waiting for its timer.
  useEffect(
    () => () => {
      for (const name of Object.keys(timers.current)) clearTimeout(timers.current[name]);
      for (const name of unsaved()) void save(name);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on unmount only, with the refs
    [],
  );

  return { values, status, onChange, onBlur: save };
}
