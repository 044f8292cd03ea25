import { useMutation, useQueryClient } from "@tanstack/react-query";
import { newIdempotencyKey } from "../../../lib/apiClient";
import { useApi } from "../../../lib/apiContext";
import type { JobCreate } from "../../../lib/apiTypes";
import { jobKeys } from "../../../lib/jobsCache";

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
    create: (body: JobCreate) => mutation.mutateAsync({ body, key: newIdempotencyKey() }),
  };
}
