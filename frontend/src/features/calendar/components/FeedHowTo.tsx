/** Where each calendar app takes a subscription's address. */
export function FeedHowTo() {
  return (
    <>
      <h3 className="feed-howto-heading">Adding it</h3>
      <ul className="feed-howto">
        <li>
          <strong>Google Calendar</strong> (web): Other calendars → + → From URL, paste the address.
        </li>
        <li>
          <strong>Apple Calendar</strong>: File → New Calendar Subscription (iPhone: Settings →
          Calendar → Accounts → Add Subscribed Calendar).
        </li>
        <li>
          <strong>Outlook</strong>: Add calendar → Subscribe from web, paste the address.
        </li>
      </ul>
    </>
  );
}
