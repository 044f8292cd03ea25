/** A job posting as the API reads it (CONTRACT section 14): `POST /api/capture`'s answer, and the
 * `posting` a job carries; names for the types generated from openapi.json. */
import type { components } from "../generated/api";

type Schemas = components["schemas"];
export type PostingIn = Schemas["PostingIn"];
export type CapturedPosting = Schemas["CapturedPosting"];
export type DuplicateJob = Schemas["Duplicate"];
export type CaptureResult = Schemas["CaptureRead"];
type EmploymentType = NonNullable<PostingIn["employment_type"]>;
type SalaryUnit = NonNullable<NonNullable<PostingIn["salary"]>["unit"]>;
/** Either salary shape (the capture's, every field present; the job's, fields optional). */
type Salary = NonNullable<Schemas["PostingRead"]["salary"]> | CapturedPosting["salary"];

/** The fields both a captured posting and a job's posting have. */
interface PostingFields {
  description_html?: string | null;
  employment_type?: EmploymentType | null;
  date_posted?: string | null;
  valid_through?: string | null;
  salary?: Salary | null;
  remote?: boolean | null;
}

/** The part of a captured posting a job keeps. */
export const postingIn = (p: CapturedPosting): PostingIn => ({
  description_html: p.description_html ?? "",
  employment_type: p.employment_type,
  date_posted: p.date_posted,
  valid_through: p.valid_through,
  salary: p.salary,
  remote: p.remote,
});

/** True when there is anything of the posting worth keeping on the job. */
export const hasPostingFacts = (p: PostingFields): boolean =>
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

export type { PostingFields };

const UNIT_WORDS: Record<SalaryUnit, string> = {
  HOUR: "per hour",
  DAY: "per day",
  WEEK: "per week",
  MONTH: "per month",
  YEAR: "per year",
};

/** "$120,000–$150,000 per year", "From €50,000 per year", "Up to £30 per hour"; null when
 * there is no amount. An unknown currency code is written after the number. */
export function salaryText(salary: Salary | null | undefined, locale?: string): string | null {
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
  const min = salary.min ?? null;
  const max = salary.max ?? null;
  let amount: string;
  if (min != null && max != null && min !== max) amount = `${money(min)}–${money(max)}`;
  else if (min != null && max != null) amount = money(min);
  else if (min != null) amount = `From ${money(min)}`;
  else amount = `Up to ${money(max!)}`;
  return salary.unit ? `${amount} ${UNIT_WORDS[salary.unit] ?? ""}`.trim() : amount;
}
