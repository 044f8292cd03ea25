/** The name printed on the report, kept on this device only (never sent to the API), one per
 * account: on a shared computer (a job centre's, a library's) the next person to sign in does
 * not find the last one's name in the field. */
const key = (account: string) => `track.report.name:${account}`;

export function readPrintName(
  account: string,
  storage: Storage | undefined = globalThis.localStorage,
): string {
  try {
    return storage?.getItem(key(account)) ?? "";
  } catch {
    return ""; // storage refused (private mode, a policy): the field starts empty
  }
}

export function keepPrintName(
  account: string,
  name: string,
  storage: Storage | undefined = globalThis.localStorage,
): void {
  try {
    if (name.trim()) storage?.setItem(key(account), name);
    else storage?.removeItem(key(account));
  } catch {
    // Not kept: the field still works for this visit.
  }
}
