/** A job posting as the API reads it (CONTRACT section 14): `POST /api/capture`'s answer, and the
 * `posting` a job carries. Written by hand while the API's branches land; to be replaced by
 * names for the generated types (generated/api.d.ts) once openapi.json has them. */
import type { Stage } from "./apiTypes";

export type EmploymentType =
  | "FULL_TIME"
  | "PART_TIME"
  | "CONTRACTOR"
  | "TEMPORARY"
  | "INTERN"
  | "VOLUNTEER"
  | "PER_DIEM"
  | "OTHER";

export type SalaryUnit = "HOUR" | "DAY" | "WEEK" | "MONTH" | "YEAR";

export interface Salary {
  min: number | null;
  max: number | null;
  currency: string | null;
  unit: SalaryUnit | null;
}

/** What a job keeps of its posting (what `POST`/`PATCH /api/tracked` take as `posting`). */
export interface PostingIn {
  description_html: string | null;
  employment_type: EmploymentType | null;
  date_posted: string | null;
  valid_through: string | null;
  salary: Salary | null;
  remote: boolean | null;
}

/** A job's posting as the API answers it (`GET /api/tracked/{id}`, every write). */
export interface PostingRead extends PostingIn {
  description_text: string | null;
}

/** `POST /api/capture`'s reading of a page. */
export interface CapturedPosting extends PostingRead {
  company: string | null;
  title: string | null;
  job_url: string | null;
  location: string | null;
  source: "json-ld" | "microdata" | "meta" | "none";
}

export interface DuplicateJob {
  id: number;
  company: string;
  title: string;
  stage: Stage;
  reason: "same_url" | "similar";
}

export interface CaptureResult {
  posting: CapturedPosting;
  duplicates: DuplicateJob[];
}

/** The part of a captured posting a job keeps. */
export const postingIn = (p: PostingIn): PostingIn => ({
  description_html: p.description_html,
  employment_type: p.employment_type,
  date_posted: p.date_posted,
  valid_through: p.valid_through,
  salary: p.salary,
  remote: p.remote,
});

/** True when there is anything of the posting worth keeping on the job. */
export const hasPostingFacts = (p: PostingIn): boolean =>
  Boolean(
    p.description_html || p.employment_type || p.date_posted || p.valid_through || p.salary,
  ) || p.remote === true;

const EMPLOYMENT_LABELS: Record<EmploymentType, string> = {
  FULL_TIME: "Full-time",
  PART_TIME: "Part-time",
  CONTRACTOR: "Contract",
  TEMPORARY: "Temporary",
  INTERN: "Internship",
  VOLUNTEER: "Volunteer",
  PER_DIEM: "Per diem",
  OTHER: "Other",
};

export const employmentLabel = (type: EmploymentType): string => EMPLOYMENT_LABELS[type] ?? type;

const UNIT_WORDS: Record<SalaryUnit, string> = {
  HOUR: "per hour",
  DAY: "per day",
  WEEK: "per week",
  MONTH: "per month",
  YEAR: "per year",
};

/** "$120,000–$150,000 per year", "From €50,000 per year", "Up to £30 per hour"; null when
 * there is no amount. An unknown currency code is written after the number. */
export function salaryText(salary: Salary | null, locale?: string): string | null {
  if (!salary || (salary.min == null && salary.max == null)) return null;
  const money = (n: number) => {
    if (salary.currency) {
      try {
        return new Intl.NumberFormat(locale, {
          style: "currency",
          currency: salary.currency,
          maximumFractionDigits: Number.isInteger(n) ? 0 : 2,
        }).format(n);
      } catch {
        // not an ISO 4217 code: the number, then the code as the page gave it
      }
    }
    const plain = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(n);
    return salary.currency ? `${plain} ${salary.currency}` : plain;
  };
  const { min, max } = salary;
  let amount: string;
  if (min != null && max != null && min !== max) amount = `${money(min)}–${money(max)}`;
  else if (min != null && max != null) amount = money(min);
  else if (min != null) amount = `From ${money(min)}`;
  else amount = `Up to ${money(max!)}`;
  return salary.unit ? `${amount} ${UNIT_WORDS[salary.unit] ?? ""}`.trim() : amount;
}
