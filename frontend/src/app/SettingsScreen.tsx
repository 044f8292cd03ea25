import { FeedSettings } from "../features/calendar/components/FeedSettings";
import { BookmarkletCard } from "../features/capture/components/BookmarkletCard";
import { SettingsView } from "../features/settings/components/SettingsView";

/** `/settings`, composed: the settings view with the calendar's feed card and the bookmarklet
 * first. */
export function SettingsScreen() {
  return (
    <SettingsView>
      <FeedSettings />
      <BookmarkletCard />
    </SettingsView>
  );
}
