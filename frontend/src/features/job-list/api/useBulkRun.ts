/** Run a bulk plan with the per-job API calls a job's own view makes (patch, add an event,
 * delete), three at a time; each answer goes into the cache as it lands, and once all are done
 * the lists and the tag counts are fetched again (a change can move a job in or out of a filter). */
import { useQueryClient } from "@tanstack/react-query";
import { newIdempotencyKey } from "../../../lib/apiClient";
import { useApi } from "../../../lib/apiContext";
import type { EventCreate } from "../../../lib/apiTypes";
import { todayIso } from "../../../lib/format";
import { jobKeys, removeJob, writeJob } from "../../../lib/jobsCache";
import { runAll, type BulkStep, type Outcome } from "../model/bulk";

const BULK_CONCURRENCY = 3;

export function useBulkRun() {
  const api = useApi();
  const client = useQueryClient();

  async function perform(step: BulkStep) {
    const path = { job_id: step.job.id };
    switch (step.kind) {
      case "patch":
        writeJob(client, await api.patch("/api/tracked/{job_id}", { path, body: step.body }));
        return;
      case "event": {
        // A step recorded in bulk is dated today; each job's view can change the date.
        const body = { event_type: step.stage, event_date: todayIso() } as EventCreate;
        const headers = { "Idempotency-Key": newIdempotencyKey() };
        writeJob(client, await api.post("/api/tracked/{job_id}/events", { path, body, headers }));
        return;
      }
      case "delete":
        await api.delete("/api/tracked/{job_id}", { path });
        removeJob(client, step.job.id);
        return;
    }
  }

  return async (steps: readonly BulkStep[], onDone: (outcome: Outcome<BulkStep>) => void) => {
    try {
      return await runAll(steps, perform, { limit: BULK_CONCURRENCY, onDone });
    } finally {
      void client.invalidateQueries({ queryKey: jobKeys.lists() });
      void client.invalidateQueries({ queryKey: jobKeys.tags() });
    }
  };
}
