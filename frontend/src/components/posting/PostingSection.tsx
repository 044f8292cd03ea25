import { useId } from "react";
import type { PostingFields } from "../../lib/posting";
import { PostingDescription } from "./PostingDescription";
import { PostingFacts } from "./PostingFacts";

/** A job's posting on the job view: its facts and its description. */
export function PostingSection({ posting }: { posting: PostingFields }) {
  const id = useId();
  return (
    <section className="job-section posting" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Posting</h3>
      <PostingFacts posting={posting} />
      {posting.description_html ? (
        <PostingDescription html={posting.description_html} />
      ) : (
        <p className="muted-note">The posting had no description.</p>
      )}
    </section>
  );
}
