/** Pure logic of the notification settings: the form's starting values, the hour's words, the
 * preview's date and section headings. */
import type {
  NotificationSettings,
  NotificationSettingsIn,
  PausedReason,
  SectionKind,
} from "../api/notificationsApi";

export const FOLLOW_UP_DAYS = { min: 3, max: 60 } as const;

/** The server's defaults: settings nobody has saved yet. */
const neverSaved = (settings: NotificationSettings) =>
  settings.email === null &&
  !settings.digest &&
  settings.digest_hour === 7 &&
  settings.timezone === "UTC" &&
  settings.follow_up_days === 14;

/** The form's starting values: what is saved; before anything is, the sign-in's address and
 * the browser's time zone. */
export function initialForm(
  settings: NotificationSettings,
  { signInEmail, browserZone }: { signInEmail: string | null; browserZone: string },
): NotificationSettingsIn {
  const fresh = neverSaved(settings);
  return {
    email: settings.email ?? signInEmail,
    digest: settings.digest,
    digest_hour: settings.digest_hour,
    timezone: fresh ? browserZone : settings.timezone,
    follow_up_days: settings.follow_up_days,
  };
}

/** 7 → "07:00". */
export const hourLabel = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

/** The day after `today` (`YYYY-MM-DD`, calendar arithmetic). */
export function nextDay(today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export const SECTION_TITLES: Record<SectionKind, string> = {
  today: "That day",
  next_days: "The next three days",
  follow_up: "Follow up",
};

export const PAUSED_WORDS: Record<PausedReason, string> = {
  unsubscribed: "You unsubscribed through the link in a digest mail, so the digest is off.",
  bounce: "Mail to this address bounced, so the digest was turned off. Check the address.",
  complaint: "A digest was marked as spam, so the digest was turned off.",
};
