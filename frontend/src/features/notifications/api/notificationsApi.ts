/** The notification settings and the digest preview (CONTRACT: GET/PUT
 * /api/notifications/settings, GET /api/notifications/digest?date=).
 *
 * The types are written here by hand until openapi.json carries the notification routes; then
 * they come from `generated/api` like every other feature's, and `untyped` goes. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { isApiError, type ApiClient } from "../../../lib/apiClient";
import { useApi } from "../../../lib/apiContext";
import { currentSubscription, subscribeDevice } from "../model/pushDevice";

export type PausedReason = "unsubscribed" | "bounce" | "complaint";

export interface NotificationSettingsIn {
  email: string | null;
  digest: boolean;
  digest_hour: number;
  timezone: string;
  follow_up_days: number;
  /** Left out: the saved value stays (the toggle below sets it). */
  push?: boolean;
}

export interface NotificationSettings extends NotificationSettingsIn {
  push: boolean;
  /** Why the digest was turned off other than by these settings; null otherwise. */
  digest_paused_reason?: PausedReason | null;
}

interface DigestItem {
  job_id: number;
  company: string;
  title: string;
  label: string;
  date: string;
  time: string | null;
  location: string | null;
}

export type SectionKind = "today" | "next_days" | "follow_up";

export interface Digest {
  date: string;
  subject: string;
  sections: { kind: SectionKind; items: DigestItem[] }[];
}

interface UntypedInit {
  query?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal;
}
type UntypedCall = (path: string, init?: UntypedInit) => Promise<unknown>;

/** The one client, for routes its generated path types do not know yet (see above). */
const untyped = (
  call: ApiClient["get"] | ApiClient["put"] | ApiClient["post"] | ApiClient["delete"],
) => call as unknown as UntypedCall;

const notificationKeys = {
  settings: ["notifications", "settings"] as const,
  digest: (date: string) => ["notifications", "digest", date] as const,
};

export function useNotificationSettings() {
  const api = useApi();
  return useQuery({
    queryKey: notificationKeys.settings,
    queryFn: ({ signal }) =>
      untyped(api.get)("/api/notifications/settings", { signal }) as Promise<NotificationSettings>,
  });
}

export function useSaveNotificationSettings() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: NotificationSettingsIn) =>
      untyped(api.put)("/api/notifications/settings", {
        body: settings,
      }) as Promise<NotificationSettings>,
    onSuccess: (saved) => {
      queryClient.setQueryData(notificationKeys.settings, saved);
      // A saved change (the follow-up days, the zone) changes what a digest holds.
      void queryClient.invalidateQueries({ queryKey: ["notifications", "digest"] });
    },
  });
}

/** The digest for `date` (a local `YYYY-MM-DD`), asked for only once `enabled`. */
export function useDigestPreview(date: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: notificationKeys.digest(date),
    queryFn: ({ signal }) =>
      untyped(api.get)("/api/notifications/digest", {
        query: { date },
        signal,
      }) as Promise<Digest>,
    enabled,
  });
}

// ---- Web Push (CONTRACT section 19) ---------------------------------------------------------

const pushDeviceKey = ["notifications", "push", "device"] as const;

/** Whether this browser is subscribed (its own pushManager, not the server). */
export function usePushDevice() {
  return useQuery({
    queryKey: pushDeviceKey,
    queryFn: async () => (await currentSubscription()) !== null,
    staleTime: Infinity,
  });
}

/** Turn push to this browser on (permission, subscribe with the server's key, keep the
 * subscription on the server, settings.push on) or off (unsubscribe here and on the server;
 * the other devices and settings.push stay). */
export function useSetPushDevice(saved: NotificationSettings) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (on: boolean) => {
      if (on) {
        const { public_key } = (await untyped(api.get)("/api/notifications/push/key")) as {
          public_key: string;
        };
        const subscription = await subscribeDevice(public_key);
        await untyped(api.post)("/api/notifications/push/subscriptions", {
          body: subscription.toJSON(),
        });
        if (!saved.push) {
          const { digest_paused_reason: _paused, ...settings } = saved;
          const next = (await untyped(api.put)("/api/notifications/settings", {
            body: { ...settings, push: true },
          })) as NotificationSettings;
          queryClient.setQueryData(notificationKeys.settings, next);
        }
        return true;
      }
      const subscription = await currentSubscription();
      if (subscription) {
        try {
          await untyped(api.delete)("/api/notifications/push/subscriptions", {
            body: { endpoint: subscription.endpoint },
          });
        } catch (error) {
          // Already gone on the server (the push service dropped it): nothing to undo.
          if (!(isApiError(error) && error.status === 404)) throw error;
        }
        await subscription.unsubscribe();
      }
      return false;
    },
    onSuccess: (on) => queryClient.setQueryData(pushDeviceKey, on),
  });
}
