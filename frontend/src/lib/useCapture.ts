/** `POST /api/capture` (the API reads a page; it writes nothing) and tracking a job with its
 * posting. Shared: the /capture window and the track dialog's "Paste a posting" both use them. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { newIdempotencyKey } from "./apiClient";
import { useApi } from "./apiContext";
import type { JobCreate, TrackedJob } from "./apiTypes";
import { jobKeys } from "./jobsCache";
import type { CaptureResult, PostingIn } from "./posting";

/** Until api.d.ts has the capture route and `posting` (the capture-api and posting-store
 * branches), the typed client's path check is stepped around here, and only here. */
type LoosePost = (
  path: string,
  init: { body: unknown; headers?: Record<string, string> },
) => Promise<unknown>;

export interface CaptureInput {
  url: string;
  html: string;
}

export function useCapture() {
  const api = useApi();
  return useMutation({
    mutationFn: (input: CaptureInput) =>
      (api.post as unknown as LoosePost)("/api/capture", { body: input }) as Promise<CaptureResult>,
  });
}

export type JobWithPosting = JobCreate & { posting?: PostingIn | null };

/** Track a job (with its posting): POST with an Idempotency-Key, so a retry creates one job. */
export function useTrackWithPosting() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: JobWithPosting) =>
      (api.post as unknown as LoosePost)("/api/tracked", {
        body,
        headers: { "Idempotency-Key": newIdempotencyKey() },
      }) as Promise<TrackedJob>,
    onSuccess: (job) => {
      queryClient.setQueryData(jobKeys.detail(job.id), job);
      return queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
    },
  });
}
