/** The server-state cache of tracked jobs, shared by the list and the job view: query keys,
 * and writers that put the TrackedJob a mutation answered into every cached place it appears,
 * so no view shows an older copy than the server's last word. */
import type { InfiniteData, QueryClient, QueryKey } from "@tanstack/react-query";
import type { JobId, TrackedJob, TrackedJobPage } from "./apiTypes";

export const jobKeys = {
  all: ["jobs"] as const,
  lists: () => ["jobs", "list"] as const,
  /** `filters` must be normalised (trimmed search, sorted stages) so equal lists share a key. */
  list: (filters: object) => ["jobs", "list", filters] as const,
  detail: (id: JobId) => ["jobs", "detail", id] as const,
  /** GET /api/tags: refreshed after any write that changes a job's tags. */
  tags: () => ["jobs", "tags"] as const,
};

type ListData = InfiniteData<TrackedJobPage, string | null>;

function mapLists(client: QueryClient, change: (items: TrackedJob[]) => TrackedJob[]) {
  client.setQueriesData<ListData>({ queryKey: jobKeys.lists() }, (data) =>
    data ? { ...data, pages: data.pages.map((p) => ({ ...p, items: change(p.items) })) } : data,
  );
}

/** The server answered with this job: show it everywhere it is cached. */
export function writeJob(client: QueryClient, job: TrackedJob) {
  client.setQueryData(jobKeys.detail(job.id), job);
  mapLists(client, (items) => items.map((item) => (item.id === job.id ? job : item)));
}

/** The job is gone (deleted here, or a 404 says it was deleted elsewhere). */
export function removeJob(client: QueryClient, id: JobId) {
  client.removeQueries({ queryKey: jobKeys.detail(id), exact: true });
  mapLists(client, (items) => items.filter((item) => item.id !== id));
}

/** A cached copy from any loaded list page, to show a job at once while it is fetched. */
export function findListedJob(
  client: QueryClient,
  id: JobId,
): { job: TrackedJob; updatedAt: number } | undefined {
  for (const query of client.getQueryCache().findAll({ queryKey: jobKeys.lists() })) {
    const data = query.state.data as ListData | undefined;
    for (const page of data?.pages ?? []) {
      const job = page.items.find((item) => item.id === id);
      if (job) return { job, updatedAt: query.state.dataUpdatedAt };
    }
  }
  return undefined;
}

/** The queries a mutation on this job refreshes when the server answers 409 or 404: the
 * server's view differs from the page's, so the page asks again rather than guess. */
export const refreshOnConflict = (id: JobId): QueryKey[] => [jobKeys.detail(id), jobKeys.lists()];
