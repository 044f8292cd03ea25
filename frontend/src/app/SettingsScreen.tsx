import { FeedSettings } from "../features/calendar/components/FeedSettings";
import { SettingsView } from "../features/settings/components/SettingsView";

/** `/settings`, composed: the settings view with the calendar's feed card first. */
export function SettingsScreen() {
  return (
    <SettingsView>
      <FeedSettings />
    </SettingsView>
  );
}
