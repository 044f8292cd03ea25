/** The page's addresses (the routes themselves are in app/AppRoutes.tsx). */
import type { JobId } from "./apiTypes";

/** The job's own address, keeping the list's filters (`search`, "?..." or "") beside it. */
export const jobPath = (id: JobId, search = "") => `/jobs/${id}${search}`;
export const jobsPath = (search = "") => `/${search}`;

/** An id from the address bar, or null when it cannot be one (the API's ids: 1..2^31-1). */
export function parseJobId(raw: string | undefined): JobId | null {
  if (!raw || !/^\d{1,10}$/.test(raw)) return null;
  const id = Number(raw);
  return id >= 1 && id <= 2_147_483_647 ? id : null;
}
