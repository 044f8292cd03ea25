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

// The bookmarklet's window rides in this chunk (see AppRoutes): it needs the same shared modules,
// and a lazy chunk of its own would split them into more first-screen chunks.
export { CapturePage } from "../features/capture/components/CapturePage";
