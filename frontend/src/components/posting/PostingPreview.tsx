import type { PostingFields } from "../../lib/posting";
import { PostingDescription } from "./PostingDescription";
import { PostingFacts } from "./PostingFacts";

/** What a capture found beside the form: the posting's facts and its description. */
export function PostingPreview({
  posting,
  headingId,
}: {
  posting: PostingFields;
  headingId: string;
}) {
  return (
    <section className="posting-preview" aria-labelledby={headingId}>
      <h3 id={headingId}>From the posting</h3>
      <PostingFacts posting={posting} />
      {posting.description_html ? (
        <PostingDescription html={posting.description_html} />
      ) : (
        <p className="muted-note">No description was found on the page.</p>
      )}
    </section>
  );
}
