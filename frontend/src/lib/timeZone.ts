/** The browser's IANA time zone, `UTC` when it cannot say. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** The zones to choose from, with `current` always among them. */
export function timeZones(current: string): string[] {
  let zones: string[];
  try {
    const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
    zones = intl.supportedValuesOf?.("timeZone") ?? [];
  } catch {
    zones = [];
  }
  const all = new Set([...zones, "UTC", current]);
  return [...all].sort((a, b) => a.localeCompare(b));
}
