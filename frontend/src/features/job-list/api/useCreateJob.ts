import { useMutation, useQueryClient } from "@tanstack/react-query";
import { newIdempotencyKey } from "../../../lib/apiClient";
import { useApi } from "../../../lib/apiContext";
import type { JobCreate } from "../../../lib/apiTypes";
import { jobKeys } from "../../../lib/jobsCache";
import { loadOffline } from "../../../lib/offline";

/** "Track a job": POST with an Idempotency-Key, so a retried request creates one job. */
export function useCreateJob() {
  const api = useApi();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: ({ body, key }: { body: JobCreate; key: string }) =>
      api.post("/api/tracked", { body, headers: { "Idempotency-Key": key } }),
    onSuccess: (job) => {
      queryClient.setQueryData(jobKeys.detail(job.id), job);
      return queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
    },
  });
  return {
    ...mutation,
    /** The new job; null when it waits on the device for the connection (lib/offline). */
    create: async (body: JobCreate) => {
      const key = newIdempotencyKey();
      const send = () => mutation.mutateAsync({ body, key });
      return (await loadOffline()).sendOrQueue({ kind: "job", jobId: null, body, key }, send);
    },
  };
}
