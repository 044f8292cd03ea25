/** Every change to one job. Each answer is the server's whole TrackedJob, written into the
 * cache (detail and list pages) so every view re-renders from it; the lists are refetched
 * because a change can move a job in or out of a filter. A 409 or 404 refreshes the job
 * (`refreshOnConflict`, applied by the query client) so the page never keeps a stale view. */
import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { newIdempotencyKey } from "../../../lib/apiClient";
import { useApi } from "../../../lib/apiContext";
import type { EventCreate, EventUpdate, JobId, JobUpdate, TrackedJob } from "../../../lib/apiTypes";
import { jobKeys, refreshOnConflict, removeJob, writeJob } from "../../../lib/jobsCache";
import { loadOffline } from "../../../lib/offline";

function written(queryClient: QueryClient) {
  return (job: TrackedJob) => {
    writeJob(queryClient, job);
    void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
  };
}

export function useUpdateJob(jobId: JobId) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    // Offline, the change waits on the device (lib/offline) and the page shows it at once.
    mutationFn: async (body: JobUpdate) => {
      const offline = await loadOffline();
      const key = newIdempotencyKey();
      const send = () => api.patch("/api/tracked/{job_id}", { path: { job_id: jobId }, body });
      const sent = await offline.sendOrQueue({ kind: "patch", jobId, body, key }, send);
      return sent ?? offline.patchedJob(queryClient, jobId, body);
    },
    onSuccess: written(queryClient),
    meta: { refreshOnConflict: refreshOnConflict(jobId) },
  });
}

export function useCreateEvent(jobId: JobId) {
  const api = useApi();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: ({ body, key }: { body: EventCreate; key: string }) =>
      api.post("/api/tracked/{job_id}/events", {
        path: { job_id: jobId },
        body,
        headers: { "Idempotency-Key": key },
      }),
    onSuccess: written(queryClient),
    meta: { refreshOnConflict: refreshOnConflict(jobId) },
  });
  return {
    ...mutation,
    /** One key per event added: a retry after a 503 or a lost answer creates it once. */
    create: (body: EventCreate) => mutation.mutateAsync({ body, key: newIdempotencyKey() }),
    /** Offline, or when the answer was lost: kept on the device (same key) and sent later. */
    createOrQueue: async (body: EventCreate) => {
      const key = newIdempotencyKey();
      const send = () => mutation.mutateAsync({ body, key });
      await (await loadOffline()).sendOrQueue({ kind: "event", jobId, body, key }, send);
    },
  };
}

export function useUpdateEvent(jobId: JobId) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ eventId, body }: { eventId: number; body: EventUpdate }) =>
      api.patch("/api/tracked/{job_id}/events/{event_id}", {
        path: { job_id: jobId, event_id: eventId },
        body,
      }),
    onSuccess: written(queryClient),
    meta: { refreshOnConflict: refreshOnConflict(jobId) },
  });
}

export function useDeleteEvent(jobId: JobId) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (eventId: number) =>
      api.delete("/api/tracked/{job_id}/events/{event_id}", {
        path: { job_id: jobId, event_id: eventId },
      }),
    onSuccess: written(queryClient),
    meta: { refreshOnConflict: refreshOnConflict(jobId) },
  });
}

export function useDeleteJob(jobId: JobId) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete("/api/tracked/{job_id}", { path: { job_id: jobId } }),
    onSuccess: () => {
      removeJob(queryClient, jobId);
      void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
    },
    meta: { refreshOnConflict: refreshOnConflict(jobId) },
  });
}
