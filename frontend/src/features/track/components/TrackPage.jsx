import { useCallback, useEffect, useId, useMemo, useState } from "react";
import { Toast } from "../../../components/Toast.jsx";
import { STAGES } from "../../../generated/trackingSchema.js";
import { useFocusAfterRender } from "../../../lib/useFocusAfterRender.js";
import { JobList } from "./JobList.jsx";
import { TrackJobForm } from "./TrackJobForm.jsx";
import { TrackedJobCard } from "./TrackedJobCard.jsx";

/** The list (filter by stage, search by company or title), the "Track a job" form, and the
 * open job. Jobs are replaced by whatever the API returns after each change. */
export function TrackPage({ trackApi }) {
  const [jobs, setJobs] = useState([]);
  const [nextCursor, setNextCursor] = useState(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState(null);
  const [stageFilter, setStageFilter] = useState("");
  const [search, setSearch] = useState("");
  const [selectedId, setSelectedId] = useState(null);
  const [toast, setToast] = useState(null);
  const [reloadKey, setReloadKey] = useState(0);
  const id = useId();
  const focusSoon = useFocusAfterRender();

  useEffect(() => {
    let stale = false;
    trackApi
      .listJobs({ stage: stageFilter || undefined })
      .then((page) => {
        if (stale) return;
        setJobs(page.items);
        setNextCursor(page.next_cursor);
      })
      .catch((err) => !stale && setLoadError(err.message))
      .finally(() => !stale && setLoading(false));
    return () => {
      stale = true;
    };
  }, [trackApi, stageFilter, reloadKey]);

  // Loading state is set where the reload is asked for, not in the effect.
  function reload(nextFilter = stageFilter) {
    setLoading(true);
    setLoadError(null);
    setStageFilter(nextFilter);
    setReloadKey((k) => k + 1);
  }

  async function loadMore() {
    try {
      const page = await trackApi.listJobs({ stage: stageFilter || undefined, cursor: nextCursor });
      setJobs((prev) => [...prev, ...page.items.filter((j) => !prev.some((p) => p.id === j.id))]);
      setNextCursor(page.next_cursor);
    } catch (err) {
      setLoadError(err.message);
    }
  }

  const onJobChange = useCallback((job) => {
    setJobs((prev) => prev.map((j) => (j.id === job.id ? job : j)));
  }, []);

  function onJobDeleted(jobId) {
    setJobs((prev) => prev.filter((j) => j.id !== jobId));
    setSelectedId(null);
    focusSoon(`${id}-jobs-heading`);
  }

  async function onCreate(jobIn) {
    const job = await trackApi.createJob(jobIn);
    if (stageFilter) reload("");
    setSearch("");
    setJobs((prev) => [job, ...prev.filter((j) => j.id !== job.id)]);
    setSelectedId(job.id);
    focusSoon(`job-${job.id}-heading`);
  }

  function onSelect(jobId) {
    setSelectedId(jobId);
    focusSoon(`job-${jobId}-heading`);
  }

  const notify = useCallback((next) => setToast(next), []);
  const dismissToast = useCallback(() => setToast(null), []);

  const visible = useMemo(() => {
    const needle = search.trim().toLowerCase();
    if (!needle) return jobs;
    return jobs.filter((j) => `${j.company}\n${j.title}`.toLowerCase().includes(needle));
  }, [jobs, search]);
  const selected = jobs.find((j) => j.id === selectedId) ?? null;
  const nothingTracked = !loading && !loadError && jobs.length === 0 && !stageFilter;

  return (
    <div className="track-page">
      <div className="sidebar">
        <TrackJobForm onCreate={onCreate} />
        <section className="jobs" aria-labelledby={`${id}-jobs-heading`}>
          <h2 id={`${id}-jobs-heading`} tabIndex={-1}>
            Your jobs {!loading && <span className="count">({jobs.length}{nextCursor ? "+" : ""})</span>}
          </h2>
          <div className="filters">
            <div className="field">
              <label htmlFor={`${id}-stage`}>Stage</label>
              <select id={`${id}-stage`} value={stageFilter} onChange={(e) => reload(e.target.value)}>
                <option value="">All stages</option>
                {STAGES.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-search`}>Search company or title</label>
              <input id={`${id}-search`} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
            </div>
          </div>
          {loading && <p role="status">Loading your jobs…</p>}
          {loadError && (
            <div className="form-error" role="alert">
              <p>Could not load your jobs: {loadError}</p>
              <button type="button" className="button small" onClick={() => reload()}>
                Try again
              </button>
            </div>
          )}
          {nothingTracked && (
            <div className="empty-state">
              <p>
                <strong>Nothing tracked yet.</strong>
              </p>
              <p>
                Add a job you are interested in with <em>Track a job</em> above: company and title are enough. Then
                record each step as it happens (applied, screening, interviews, offer) and keep salary, notes and the
                résumé you sent in one place.
              </p>
            </div>
          )}
          {!loading && !nothingTracked && !loadError && visible.length === 0 && (
            <p className="empty-state">No jobs match {search ? `“${search}”` : "this stage"}.</p>
          )}
          <JobList jobs={visible} selectedId={selectedId} onSelect={onSelect} />
          {nextCursor && !search && (
            <button type="button" className="button" onClick={loadMore}>
              Load more
            </button>
          )}
        </section>
      </div>
      <div className="detail">
        {selected ? (
          <TrackedJobCard
            key={selected.id}
            job={selected}
            trackApi={trackApi}
            onJobChange={onJobChange}
            onJobDeleted={onJobDeleted}
            notify={notify}
          />
        ) : (
          !nothingTracked && <p className="detail-placeholder">Choose a job to see and update its progress.</p>
        )}
      </div>
      <Toast toast={toast} onDismiss={dismissToast} />
    </div>
  );
}
