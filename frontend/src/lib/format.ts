/** Dates, times and sizes as people read them. */

export function todayIso(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso || !/^\d{4}-\d{2}-\d{2}/.test(iso)) return iso ?? "";
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  return date.toLocaleDateString(undefined, {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
}

const MB = 1024 * 1024;

/** A file size as people say it: "5 MB", "6.3 MB", "240 KB" (binary units, as file managers
 * on most systems show them); `oneDecimal` always shows a tenth ("6.0 MB"). */
export function formatFileSize(bytes: number, { oneDecimal = false } = {}): string {
  if (bytes >= MB) {
    const mb = bytes / MB;
    return Number.isInteger(mb) && !oneDecimal ? `${mb} MB` : `${mb.toFixed(1)} MB`;
  }
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
