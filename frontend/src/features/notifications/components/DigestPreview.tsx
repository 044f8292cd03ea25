import { Link } from "wouter";
import { formatDate } from "../../../lib/format";
import { jobPath } from "../../../lib/routes";
import { useDigestPreview } from "../api/notificationsApi";
import { SECTION_TITLES } from "../model/notificationsModel";

/** What the digest for `date` says, as the mail would (from the saved settings). */
export function DigestPreview({ date }: { date: string }) {
  const digest = useDigestPreview(date, true);
  return (
    <section className="digest-preview" aria-labelledby="digest-preview-heading" aria-live="polite">
      <h4 id="digest-preview-heading">Tomorrow&apos;s digest ({formatDate(date)})</h4>
      {digest.isPending ? (
        <p role="status">Building the preview…</p>
      ) : digest.isError ? (
        <p className="form-error" role="alert">
          Could not build the preview: {digest.error.message}
        </p>
      ) : !digest.data.sections.length ? (
        <p className="muted">Nothing to say that day, so no mail would be sent.</p>
      ) : (
        <>
          <p className="digest-subject">
            <span className="muted">Subject:</span> {digest.data.subject}
          </p>
          {digest.data.sections.map((section) => (
            <div key={section.kind} className="digest-section">
              <h5>{SECTION_TITLES[section.kind]}</h5>
              <ul>
                {section.items.map((item) => (
                  <li key={`${item.job_id}-${item.label}-${item.date}-${item.time ?? ""}`}>
                    <Link href={jobPath(item.job_id)}>
                      {item.label} · {item.company}
                    </Link>
                    <span className="muted digest-item-meta">
                      {[item.title, formatDate(item.date), item.time, item.location]
                        .filter(Boolean)
                        .join(" · ")}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ))}
          <p className="muted digest-note">The preview uses your saved settings.</p>
        </>
      )}
    </section>
  );
}
