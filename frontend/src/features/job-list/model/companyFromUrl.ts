/** The company a job posting's address names, for "Track a job": the first path segment on a
 * job board (jobs.lever.co/acme), the first label on a board that gives each company its own
 * host (acme.recruitee.com), otherwise the site's own name (careers.acme.com, acme.co.uk).
 * Null when the address says nothing about the company (LinkedIn, Indeed, an IP address). */

/** Boards whose first path segment is the company: jobs.lever.co/acme/123. */
const PATH_BOARDS = new Set([
  "jobs.lever.co",
  "jobs.eu.lever.co",
  "boards.greenhouse.io",
  "job-boards.greenhouse.io",
  "job-boards.eu.greenhouse.io",
  "jobs.ashbyhq.com",
  "apply.workable.com",
  "jobs.smartrecruiters.com",
  "careers.smartrecruiters.com",
  "jobs.jobvite.com",
  "jobs.personio.de",
  "ats.rippling.com",
]);

/** Boards that give each company a host of its own: acme.recruitee.com, acme.wd5.myworkdayjobs.com. */
const HOST_BOARDS = [
  "recruitee.com",
  "bamboohr.com",
  "breezy.hr",
  "teamtailor.com",
  "myworkdayjobs.com",
  "jobs.personio.de",
  "jobs.personio.com",
  "applytojob.com",
  "workable.com",
];

/** Sites whose addresses do not name the employer. */
const AGGREGATORS = [
  "linkedin.com",
  "indeed.com",
  "glassdoor.com",
  "google.com",
  "monster.com",
  "ziprecruiter.com",
  "wellfound.com",
  "angel.co",
  "stackoverflow.com",
  "welcometothejungle.com",
];

/** Second-level labels under a country code that are not names: acme.co.uk, acme.com.au. */
const GENERIC_SECOND_LEVEL = new Set(["co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"]);

const endsWithDomain = (host: string, domain: string) =>
  host === domain || host.endsWith(`.${domain}`);

/** "acme-corp" → "Acme Corp"; "acme" → "Acme". */
export function companyName(slug: string): string {
  return slug
    .split(/[-_.+]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
}

function parse(raw: string): URL | null {
  const text = raw.trim();
  if (!text) return null;
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return null;
  }
}

export function companyFromUrl(raw: string): string | null {
  const url = parse(raw);
  if (!url || !/^https?:$/.test(url.protocol)) return null;
  const host = url.hostname.toLowerCase().replace(/^www\./, "");
  if (!host.includes(".") || /^[\d.]+$/.test(host) || host.startsWith("[")) return null;
  if (AGGREGATORS.some((domain) => endsWithDomain(host, domain))) return null;

  if (PATH_BOARDS.has(host)) {
    const segment = url.pathname.split("/").find(Boolean);
    return segment ? companyName(decodeURIComponent(segment)) : null;
  }
  const board = HOST_BOARDS.find((domain) => host.endsWith(`.${domain}`));
  if (board) return companyName(host.slice(0, -board.length - 1).split(".")[0]!);

  const labels = host.split(".");
  const tld = labels.at(-1)!;
  const second = labels.at(-2)!;
  const nameIndex =
    tld.length === 2 && GENERIC_SECOND_LEVEL.has(second) && labels.length >= 3
      ? labels.length - 3
      : labels.length - 2;
  return companyName(labels[nameIndex]!);
}
