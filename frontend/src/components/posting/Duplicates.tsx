import { TriangleAlert } from "lucide-react";
import { Link } from "wouter";
import { jobPath } from "../../lib/routes";
import type { DuplicateJob } from "../../lib/posting";
import "./posting.css";

/** The jobs this posting may already be: said before saving (the API never refuses one). */
export function Duplicates({ duplicates }: { duplicates: DuplicateJob[] }) {
  if (!duplicates.length) return null;
  return (
    <div className="duplicates" role="status">
      <TriangleAlert size={18} aria-hidden="true" />
      <ul>
        {duplicates.map((d) => (
          <li key={d.id}>
            {d.reason === "same_url" ? (
              <>
                You already track this job —{" "}
                <Link href={jobPath(d.id)}>
                  open it
                  <span className="visually-hidden">
                    {" "}
                    ({d.company}, {d.title})
                  </span>
                </Link>
              </>
            ) : (
              <>
                Similar:{" "}
                <Link href={jobPath(d.id)}>
                  {d.company} — {d.title}
                </Link>{" "}
                ({d.stage})
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
