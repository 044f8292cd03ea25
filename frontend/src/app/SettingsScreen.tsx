import { FeedSettings } from "../features/calendar/components/FeedSettings";
import { BookmarkletCard } from "../features/capture/components/BookmarkletCard";
import { NotificationSettings } from "../features/notifications/components/NotificationSettings";
import { SettingsView } from "../features/settings/components/SettingsView";

/** `/settings`, composed: the settings view with the calendar's feed card, the notifications
 * card and the bookmarklet first. `signInEmail`: the sign-in's address, offered for the digest. */
export function SettingsScreen({
  signInEmail = null,
  onAccountDeleted,
}: {
  signInEmail?: string | null;
  onAccountDeleted?: () => Promise<void>;
}) {
  return (
    <SettingsView onAccountDeleted={onAccountDeleted}>
      <FeedSettings />
      <NotificationSettings signInEmail={signInEmail} />
      <BookmarkletCard />
    </SettingsView>
  );
}

// The bookmarklet's window rides in this chunk (see AppRoutes): it needs the same shared modules,
// and a lazy chunk of its own would split them into more first-screen chunks.
export { CapturePage } from "../features/capture/components/CapturePage";
