/** `POST /api/capture` (the API reads a page; it writes nothing) and tracking a job with its
 * posting. Shared: the /capture window and the track dialog's "Paste a posting" both use them. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { newIdempotencyKey } from "./apiClient";
import { useApi } from "./apiContext";
import type { JobCreate } from "./apiTypes";
import { jobKeys } from "./jobsCache";

export interface CaptureInput {
  url: string;
  html: string;
}

export function useCapture() {
  const api = useApi();
  return useMutation({
    mutationFn: (input: CaptureInput) => api.post("/api/capture", { body: input }),
  });
}

/** Track a job (with its posting): POST with an Idempotency-Key, so a retry creates one job. */
export function useTrackWithPosting() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: JobCreate) =>
      api.post("/api/tracked", { body, headers: { "Idempotency-Key": newIdempotencyKey() } }),
    onSuccess: (job) => {
      queryClient.setQueryData(jobKeys.detail(job.id), job);
      return queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
    },
  });
}
