/** Whether a media query matches now, re-rendering when it changes (false where the browser has
 * no matchMedia, e.g. jsdom: tests get the wide layout unless they stub it). */
import { useCallback, useSyncExternalStore } from "react";

export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia?.(query);
      list?.addEventListener("change", onChange);
      return () => list?.removeEventListener("change", onChange);
    },
    [query],
  );
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia?.(query).matches ?? false,
    () => false,
  );
}

/** Phones: one screen at a time, the table as a list (styles.css uses the same width). */
export const PHONE_QUERY = "(max-width: 640px)";
