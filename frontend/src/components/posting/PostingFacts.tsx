import { formatDate } from "../../lib/format";
import { employmentLabel, salaryText, type PostingFields } from "../../lib/posting";

/** "Posted on", "Apply by", the kind of employment and the salary, as a description list;
 * nothing for a fact the posting did not give. */
export function PostingFacts({ posting }: { posting: PostingFields }) {
  const salary = salaryText(posting.salary);
  const facts: [string, string][] = [];
  if (posting.date_posted) facts.push(["Posted on", formatDate(posting.date_posted)]);
  if (posting.valid_through) facts.push(["Apply by", formatDate(posting.valid_through)]);
  if (posting.employment_type) facts.push(["Employment", employmentLabel(posting.employment_type)]);
  if (salary) facts.push(["Salary", salary]);
  if (posting.remote) facts.push(["Remote", "Yes"]);
  if (!facts.length) return null;
  return (
    <dl className="posting-facts">
      {facts.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
