import { useId, useState, type ReactNode } from "react";
import { fieldErrorMap } from "../../../lib/apiClient";
import { todayIso } from "../../../lib/format";
import { browserTimeZone, timeZones } from "../../../lib/timeZone";
import {
  useNotificationSettings,
  useSaveNotificationSettings,
  type NotificationSettings as Settings,
  type NotificationSettingsIn,
} from "../api/notificationsApi";
import {
  FOLLOW_UP_DAYS,
  hourLabel,
  initialForm,
  nextDay,
  PAUSED_WORDS,
} from "../model/notificationsModel";
import { DigestPreview } from "./DigestPreview";
import { PushToggle } from "./PushToggle";
import "./notifications.css";

const FIELDS = ["email", "digest", "digest_hour", "timezone", "follow_up_days"] as const;
const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

/** The Notifications card of the settings page: where the morning digest goes, whether and
 * when it is sent, after how many quiet days a job is listed to follow up; Save, and a preview
 * of tomorrow's digest. `signInEmail`: the sign-in's address (Cognito's ID token), the
 * address offered before one is saved. */
export function NotificationSettings({ signInEmail = null }: { signInEmail?: string | null }) {
  const settings = useNotificationSettings();
  return (
    <section className="settings-card notifications" aria-labelledby="notifications-heading">
      <h3 id="notifications-heading">Notifications</h3>
      <p>
        A morning mail with the day&apos;s interviews and deadlines, the next three days, and the
        jobs that went quiet. Only when there is something to say; never your notes.
      </p>
      {settings.isPending ? (
        <p role="status">Loading your notification settings…</p>
      ) : settings.isError ? (
        <div className="form-error" role="alert">
          <p>Could not load your notification settings: {settings.error.message}</p>
          <button type="button" className="button small" onClick={() => void settings.refetch()}>
            Try again
          </button>
        </div>
      ) : (
        <SettingsForm saved={settings.data} signInEmail={signInEmail} />
      )}
    </section>
  );
}

function SettingsForm({ saved, signInEmail }: { saved: Settings; signInEmail: string | null }) {
  const save = useSaveNotificationSettings();
  const [form, setForm] = useState<NotificationSettingsIn>(() =>
    initialForm(saved, { signInEmail, browserZone: browserTimeZone() }),
  );
  const [previewing, setPreviewing] = useState(false);
  const id = useId();
  const errors = save.isError ? fieldErrorMap(save.error, FIELDS) : {};
  const set = <K extends keyof NotificationSettingsIn>(
    key: K,
    value: NotificationSettingsIn[K],
  ) => {
    setForm((current) => ({ ...current, [key]: value }));
    if (save.isSuccess) save.reset();
  };

  return (
    <>
      {saved.digest_paused_reason && (
        <p className="notifications-paused" role="status">
          {PAUSED_WORDS[saved.digest_paused_reason]} Turn it on again and save to resume.
        </p>
      )}
      <form
        className="notifications-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!save.isPending) save.mutate({ ...form, email: form.email?.trim() || null });
        }}
      >
        <Field id={`${id}-email`} label="Email" error={errors.email}>
          <input
            id={`${id}-email`}
            type="email"
            autoComplete="email"
            value={form.email ?? ""}
            onChange={(e) => set("email", e.target.value)}
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? `${id}-email-error` : undefined}
          />
        </Field>
        <div className="notifications-digest">
          <label>
            <input
              type="checkbox"
              checked={form.digest}
              onChange={(e) => set("digest", e.target.checked)}
              aria-describedby={errors.digest ? `${id}-digest-error` : undefined}
            />{" "}
            Send me a morning digest
          </label>
          {errors.digest && (
            <p id={`${id}-digest-error`} className="field-error">
              {errors.digest}
            </p>
          )}
        </div>
        <div className="notifications-when">
          <Field id={`${id}-hour`} label="At" error={errors.digest_hour}>
            <select
              id={`${id}-hour`}
              value={form.digest_hour}
              onChange={(e) => set("digest_hour", Number(e.target.value))}
            >
              {HOURS.map((hour) => (
                <option key={hour} value={hour}>
                  {hourLabel(hour)}
                </option>
              ))}
            </select>
          </Field>
          <Field id={`${id}-zone`} label="Time zone" error={errors.timezone}>
            <select
              id={`${id}-zone`}
              value={form.timezone}
              onChange={(e) => set("timezone", e.target.value)}
            >
              {timeZones(form.timezone).map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          </Field>
          <Field
            id={`${id}-days`}
            label="Follow up after (days of silence)"
            error={errors.follow_up_days}
          >
            <input
              id={`${id}-days`}
              type="number"
              inputMode="numeric"
              min={FOLLOW_UP_DAYS.min}
              max={FOLLOW_UP_DAYS.max}
              step={1}
              value={form.follow_up_days}
              onChange={(e) => set("follow_up_days", Number(e.target.value))}
              aria-invalid={errors.follow_up_days ? true : undefined}
              aria-describedby={errors.follow_up_days ? `${id}-days-error` : undefined}
            />
          </Field>
        </div>
        {errors._form && (
          <p className="form-error" role="alert">
            {errors._form}
          </p>
        )}
        {save.isError && !Object.keys(errors).length && (
          <p className="form-error" role="alert">
            {save.error.message}
          </p>
        )}
        <div className="form-actions">
          <button
            type="submit"
            className="button primary"
            aria-disabled={save.isPending || undefined}
          >
            {save.isPending ? "Saving…" : "Save"}
          </button>
          <button type="button" className="button" onClick={() => setPreviewing(true)}>
            Preview tomorrow&apos;s digest
          </button>
          {save.isSuccess && (
            <span className="notifications-saved" role="status">
              Saved.
            </span>
          )}
        </div>
      </form>
      <PushToggle saved={saved} />
      {previewing && <DigestPreview date={nextDay(todayIso())} />}
    </>
  );
}

function Field({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
