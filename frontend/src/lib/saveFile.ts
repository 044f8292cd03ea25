/** Hand a file the page made (an export, an event's .ics) to the browser as a download. */

/** How long the object URL outlives the click. `click()` only starts the download: Chromium
 * reads the blob from another task, and Firefox and Safari can still be reading it after
 * `click()` returns; revoking at once (or after a 0 ms timeout) can fail the download there
 * ("file not found", or an empty file). A few seconds is the usual safe margin; the blob is
 * held in memory until then, which is cheap for files of this size. */
export const REVOKE_AFTER_MS = 10_000;

/** Save `blob` as `filename` through a temporary object URL and a clicked `<a download>`. */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
