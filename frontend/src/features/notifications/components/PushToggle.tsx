import { useId } from "react";
import {
  usePushDevice,
  useSetPushDevice,
  type NotificationSettings,
} from "../api/notificationsApi";
import { pushSupport } from "../model/pushDevice";

/** "Push to this device": the digest's one-line summary as a notification on this browser, at
 * the digest's hour. Acts at once (no Save): on asks for permission and subscribes, off
 * unsubscribes this browser only. */
export function PushToggle({ saved }: { saved: NotificationSettings }) {
  const device = usePushDevice();
  const change = useSetPushDevice(saved);
  const id = useId();
  const support = pushSupport();
  const on = Boolean(device.data) && saved.push;
  const unavailable =
    support === "unsupported"
      ? "This browser cannot receive push notifications (on iPhone, add Track to the home screen first)."
      : support === "denied"
        ? "Notifications are blocked for this site. Allow them in the browser's site settings."
        : null;

  return (
    <div className="notifications-push">
      <label>
        <input
          type="checkbox"
          checked={on}
          disabled={support === "unsupported" || device.isPending}
          aria-disabled={change.isPending || undefined}
          aria-describedby={`${id}-push-help`}
          onChange={(e) => {
            if (!change.isPending) change.mutate(e.target.checked);
          }}
        />{" "}
        Push to this device
      </label>
      <p id={`${id}-push-help`} className="field-help">
        {unavailable ??
          "The digest's one-line summary as a notification here, at the digest's hour (with the mail)."}
      </p>
      {change.isError && (
        <p className="form-error" role="alert">
          {change.error.message}
        </p>
      )}
    </div>
  );
}
