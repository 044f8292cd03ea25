/** A job's priority and tags as the API keeps them (`TrackedJob.priority`, `.tags`): priority 0
 * (none) to 3 (high); tags trimmed, 1 to 40 characters, at most 20, unique ignoring case, in the
 * order given. The server checks the same again. */

export const PRIORITY_LABELS = ["None", "Low", "Medium", "High"] as const;
const PRIORITY_MAX = PRIORITY_LABELS.length - 1;
export const TAG_MAX_LENGTH = 40;
export const TAGS_MAX = 20;

/** A priority from anything (an address, a select): an integer 0..3, else 0. */
export function asPriority(value: unknown): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 && n <= PRIORITY_MAX ? n : 0;
}

/** Tags trimmed, without blanks, too-long ones or repeats (ignoring case), at most TAGS_MAX. */
export function tidyTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    const key = tag.toLowerCase();
    if (!tag || tag.length > TAG_MAX_LENGTH || seen.has(key) || out.length >= TAGS_MAX) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}

/** Whether `tags` holds `tag`, ignoring case. */
export const hasTag = (tags: readonly string[], tag: string) =>
  tags.some((t) => t.toLowerCase() === tag.trim().toLowerCase());

/** Why a tag cannot be added to these tags, or null when it can. */
export function tagProblem(tags: readonly string[], tag: string): string | null {
  const trimmed = tag.trim();
  if (!trimmed) return "A tag needs at least one character.";
  if (trimmed.length > TAG_MAX_LENGTH) return `A tag is at most ${TAG_MAX_LENGTH} characters.`;
  if (hasTag(tags, trimmed)) return `“${trimmed}” is already a tag of this job.`;
  if (tags.length >= TAGS_MAX) return `A job has at most ${TAGS_MAX} tags.`;
  return null;
}
