/** The name printed on the report, kept on this device only (never sent to the API). */
const KEY = "track.report.name";

export function readPrintName(storage: Storage | undefined = globalThis.localStorage): string {
  try {
    return storage?.getItem(KEY) ?? "";
  } catch {
    return ""; // storage refused (private mode, a policy): the field starts empty
  }
}

export function keepPrintName(
  name: string,
  storage: Storage | undefined = globalThis.localStorage,
): void {
  try {
    if (name.trim()) storage?.setItem(KEY, name);
    else storage?.removeItem(KEY);
  } catch {
    // Not kept: the field still works for this visit.
  }
}
