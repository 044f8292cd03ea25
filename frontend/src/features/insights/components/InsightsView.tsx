import { Link } from "wouter";
import { useInsights } from "../api/useInsights";
import {
  days,
  funnelRows,
  percent,
  sourceLabel,
  stageCounts,
  type Insights,
} from "../model/insightsModel";
import "./insights.css";

/** `/insights`: how the search is going, from the API's numbers for all jobs (the API has no
 * date range, so neither does this view). */
export function InsightsView() {
  const insights = useInsights();
  return (
    <section className="insights" aria-labelledby="insights-heading">
      <h2 id="insights-heading">Insights</h2>
      {insights.isPending ? (
        <p role="status">Loading your insights…</p>
      ) : insights.isError ? (
        <div className="form-error" role="alert">
          <p>Could not load your insights: {insights.error.message}</p>
          <button type="button" className="button small" onClick={() => void insights.refetch()}>
            Try again
          </button>
        </div>
      ) : insights.data.total === 0 ? (
        <div className="empty-state">
          <p>
            <strong>Nothing to measure yet.</strong>
          </p>
          <p>
            Once you track jobs and record when you applied, this page shows how far your
            applications get (applied → screening → interview → offer), how often and how quickly
            companies answer, which sources work best, and how many jobs sit at each stage.
          </p>
          <p>
            <Link href="/">Track a job</Link> or <Link href="/settings">import your jobs</Link>.
          </p>
        </div>
      ) : (
        <InsightsBody data={insights.data} />
      )}
    </section>
  );
}

function InsightsBody({ data }: { data: Insights }) {
  const rows = funnelRows(data.funnel);
  const applied = rows[0]?.reached ?? 0;
  return (
    <>
      <p className="insights-total">
        {data.total === 1 ? "1 job tracked" : `${data.total} jobs tracked`}, all time.
      </p>
      <div className="insights-grid">
        <section className="insights-card" aria-labelledby="funnel-heading">
          <h3 id="funnel-heading">How far applications got</h3>
          {applied === 0 ? (
            <p className="muted">
              No job has an applied step yet: record “Applied” on a job to start the funnel.
            </p>
          ) : (
            <ol className="funnel">
              {rows.map((row) => (
                <li key={row.stage} className="funnel-row" data-stage={row.stage}>
                  <span className="funnel-label">{row.label}</span>
                  <span className="funnel-track" aria-hidden="true">
                    <span
                      className="funnel-bar"
                      style={{ width: `${Math.max(row.width * 100, row.reached ? 2 : 0)}%` }}
                    />
                  </span>
                  <span className="funnel-count">{row.reached}</span>
                  {row.conversion && <span className="funnel-conversion">{row.conversion}</span>}
                </li>
              ))}
            </ol>
          )}
        </section>

        <section className="insights-card" aria-labelledby="responses-heading">
          <h3 id="responses-heading">Responses</h3>
          <dl className="insights-figures">
            <div>
              <dt>Response rate</dt>
              <dd data-testid="response-rate">{percent(data.response_rate)}</dd>
            </div>
            <div>
              <dt>Median time to a response</dt>
              <dd data-testid="median-days">{days(data.median_days_to_response)}</dd>
            </div>
          </dl>
          <p className="muted">
            Any step recorded after “Applied” counts as a response, a rejection included, except a
            withdrawal and a rejection for “No response / ghosted”. A step an import inferred (its
            date not known) counts as a response but not for the time to one.
          </p>
          {data.median_days_to_response === null && (data.response_rate ?? 0) > 0 && (
            <p className="muted" data-testid="median-note">
              No time to a response yet: every response so far is a step an import inferred, so its
              date is not known. Record the real date on one to see it.
            </p>
          )}
          {data.by_source.length > 0 && (
            <table className="insights-table">
              <caption>By source</caption>
              <thead>
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col">Applied</th>
                  <th scope="col">Responded</th>
                  <th scope="col">Rate</th>
                </tr>
              </thead>
              <tbody>
                {data.by_source.map((row) => (
                  <tr key={row.source}>
                    <th scope="row">{sourceLabel(row.source)}</th>
                    <td>{row.applied}</td>
                    <td>{row.responded}</td>
                    <td>{percent(row.applied ? row.responded / row.applied : null)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section className="insights-card" aria-labelledby="stages-heading">
          <h3 id="stages-heading">Where your jobs are now</h3>
          <ul className="stage-counts">
            {stageCounts(data.by_stage).map((s) => (
              <li key={s.stage} data-stage={s.stage} className={s.count ? "" : "muted"}>
                <span>{s.label}</span> <strong>{s.count}</strong>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
