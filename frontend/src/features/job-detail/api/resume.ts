/** The résumé of one job: upload (ask for a presigned PUT, send the file straight to storage,
 * confirm) as one mutation whose answer is the job, telling the caller which step it is at
 * (`onPhase`), so a failure can say where it happened; and a short-lived link to read it. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useApi } from "../../../lib/apiContext";
import type { JobId } from "../../../lib/apiTypes";
import { refreshOnConflict, writeJob } from "../../../lib/jobsCache";
import { uploadToStorage, type UploadRequest } from "../../../lib/uploadToStorage";

export type UploadPhase = "starting" | "uploading" | "confirming";

export function useUploadResume(
  jobId: JobId,
  upload: (request: UploadRequest) => Promise<void> = uploadToStorage,
) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({
      file,
      onPhase,
      onProgress,
    }: {
      file: File;
      onPhase: (phase: UploadPhase) => void;
      onProgress: (fraction: number) => void;
    }) => {
      onPhase("starting");
      const grant = await api.get("/api/tracked/{job_id}/resume/upload-url", {
        path: { job_id: jobId },
        query: { filename: file.name, size: file.size },
      });
      onPhase("uploading");
      await upload({
        url: grant.upload_url,
        method: grant.method,
        headers: grant.headers,
        file,
        onProgress,
      });
      onPhase("confirming");
      return api.post("/api/tracked/{job_id}/resume/confirm", {
        path: { job_id: jobId },
        body: { key: grant.key, filename: file.name },
      });
    },
    onSuccess: (job) => writeJob(queryClient, job),
    // A presigned upload is not repeated on its own: the person picks the file again.
    retry: false,
    meta: { refreshOnConflict: refreshOnConflict(jobId) },
  });
}

/** A link to the résumé, valid for a few minutes: asked for at each click, never cached. */
export function useResumeLink(jobId: JobId) {
  const api = useApi();
  return useCallback(
    (disposition: "inline" | "attachment") =>
      api.get("/api/tracked/{job_id}/resume/url", {
        path: { job_id: jobId },
        query: { disposition },
      }),
    [api, jobId],
  );
}
