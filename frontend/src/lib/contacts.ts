/** The user's contacts (`/api/contacts`): one cache entry holding all of them (at most 2,000,
 * one request), searched in the page; the writers keep it and the jobs' copies in step. */
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useApi } from "./apiContext";
import type {
  Contact,
  ContactCreate,
  ContactRole,
  ContactUpdate,
  JobId,
  TrackedJob,
} from "./apiTypes";
import { jobKeys, refreshOnConflict, writeJob } from "./jobsCache";

const contactKeys = { all: ["contacts"] as const };

export const ROLE_LABELS: Record<ContactRole, string> = {
  recruiter: "Recruiter",
  hiring_manager: "Hiring manager",
  referrer: "Referrer",
  interviewer: "Interviewer",
  other: "Other",
};
export const CONTACT_ROLES = Object.keys(ROLE_LABELS) as ContactRole[];

/** Every contact of the user, by name (as the API sorts them). */
export function useContacts() {
  const api = useApi();
  return useQuery({
    queryKey: contactKeys.all,
    queryFn: ({ signal }) => api.get("/api/contacts", { signal }).then((page) => page.items),
  });
}

/** The contacts whose name or email contains `query`, ignoring case (the API's `q`). */
export function searchContacts(contacts: readonly Contact[], query: string): Contact[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...contacts];
  return contacts.filter(
    (c) => c.name.toLowerCase().includes(q) || (c.email ?? "").toLowerCase().includes(q),
  );
}

/** The names to suggest in a form's person field, those of `role` first. */
export function suggestedNames(contacts: readonly Contact[], role: ContactRole): string[] {
  const first = contacts.filter((c) => c.role === role).map((c) => c.name);
  const rest = contacts.filter((c) => c.role !== role).map((c) => c.name);
  return [...new Set([...first, ...rest])];
}

/** A contact changed or went: the jobs showing them are read again. */
function refreshJobs(client: QueryClient) {
  void client.invalidateQueries({ queryKey: contactKeys.all });
  void client.invalidateQueries({ queryKey: jobKeys.all });
}

export function useCreateContact() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ContactCreate) => api.post("/api/contacts", { body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: contactKeys.all }),
  });
}

export function useUpdateContact() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: ContactUpdate }) =>
      api.patch("/api/contacts/{contact_id}", { path: { contact_id: id }, body }),
    onSuccess: () => refreshJobs(client),
  });
}

export function useDeleteContact() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      api.delete("/api/contacts/{contact_id}", { path: { contact_id: id } }),
    onSuccess: () => refreshJobs(client),
  });
}

/** PUT the job's people (ids, in order); the answer is the job, written everywhere it shows. */
export function useSetJobContacts(jobId: JobId) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (contactIds: number[]) =>
      api.put("/api/tracked/{job_id}/contacts", {
        path: { job_id: jobId },
        body: { contact_ids: contactIds },
      }),
    onSuccess: (job: TrackedJob) => {
      writeJob(client, job);
      void client.invalidateQueries({ queryKey: contactKeys.all });
    },
    meta: { refreshOnConflict: refreshOnConflict(jobId) },
  });
}

/** `mailto:` and `tel:` addresses (a phone's spaces and brackets dropped). */
export const mailtoHref = (email: string) => `mailto:${email}`;
export const telHref = (phone: string) =>
  `tel:${(phone.split(/x|ext/i)[0] ?? "").replace(/[^\d+]/g, "")}`;
