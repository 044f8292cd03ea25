import { FeedSettings } from "../features/calendar/components/FeedSettings";
import { NotificationSettings } from "../features/notifications/components/NotificationSettings";
import { SettingsView } from "../features/settings/components/SettingsView";

/** `/settings`, composed: the settings view with the calendar's feed card and the
 * notifications card first. `signInEmail`: the sign-in's address, offered for the digest. */
export function SettingsScreen({ signInEmail = null }: { signInEmail?: string | null }) {
  return (
    <SettingsView>
      <FeedSettings />
      <NotificationSettings signInEmail={signInEmail} />
    </SettingsView>
  );
}
