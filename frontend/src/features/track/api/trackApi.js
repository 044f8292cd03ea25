/** Every Track route, on the single API client. Each mutation resolves to the TrackedJob
 * the server returns, so the page always re-renders from the server's view. */

const jobPath = (jobId) => `/api/tracked/${encodeURIComponent(jobId)}`;

export function createTrackApi(api) {
  return {
    listJobs: ({ stage, cursor, limit = 100 } = {}) =>
      api.get("/api/tracked", { query: { stage, cursor, limit } }),
    createJob: (jobIn) => api.post("/api/tracked", jobIn),
    getJob: (jobId) => api.get(jobPath(jobId)),
    updateJob: (jobId, changes) => api.patch(jobPath(jobId), changes),
    deleteJob: (jobId) => api.delete(jobPath(jobId)),

    createEvent: (jobId, eventIn) => api.post(`${jobPath(jobId)}/events`, eventIn),
    updateEvent: (jobId, eventId, changes) =>
      api.patch(`${jobPath(jobId)}/events/${encodeURIComponent(eventId)}`, changes),
    deleteEvent: (jobId, eventId) =>
      api.delete(`${jobPath(jobId)}/events/${encodeURIComponent(eventId)}`),

    resumeUploadUrl: (jobId, { filename, size }) =>
      api.get(`${jobPath(jobId)}/resume/upload-url`, { query: { filename, size } }),
    confirmResume: (jobId, { key, filename }) =>
      api.post(`${jobPath(jobId)}/resume/confirm`, { key, filename }),
    resumeUrl: (jobId, disposition) =>
      api.get(`${jobPath(jobId)}/resume/url`, { query: { disposition } }),
  };
}
