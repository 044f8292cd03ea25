import { describe, expect, it } from "vitest";
import {
  csvFileName,
  customRangeProblem,
  howLabel,
  lastMonth,
  outcomeLabel,
  rangeLabel,
  readableUrl,
  thisMonth,
} from "./reportModel";

// Local dates, as the page sees the user's calendar (month 0-based).
const day = (year: number, month: number, date: number, hour = 12) =>
  new Date(year, month - 1, date, hour);

describe("date ranges", () => {
  it("this month runs from the first to today", () => {
    expect(thisMonth(day(2026, 3, 17))).toEqual({ from: "2026-03-01", to: "2026-03-17" });
  });

  it("this month on its first and last day, late at night included", () => {
    expect(thisMonth(day(2026, 3, 1, 0))).toEqual({ from: "2026-03-01", to: "2026-03-01" });
    expect(thisMonth(day(2026, 3, 31, 23))).toEqual({ from: "2026-03-01", to: "2026-03-31" });
    expect(thisMonth(day(2026, 12, 31, 23))).toEqual({ from: "2026-12-01", to: "2026-12-31" });
  });

  it("last month is the whole month before, ending on its last day", () => {
    expect(lastMonth(day(2026, 3, 17))).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(lastMonth(day(2028, 3, 1))).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(lastMonth(day(2026, 5, 31))).toEqual({ from: "2026-04-01", to: "2026-04-30" });
    expect(lastMonth(day(2026, 8, 1, 0))).toEqual({ from: "2026-07-01", to: "2026-07-31" });
  });

  it("in January, last month is December of the year before", () => {
    expect(lastMonth(day(2027, 1, 1, 0))).toEqual({ from: "2026-12-01", to: "2026-12-31" });
    expect(lastMonth(day(2027, 1, 31, 23))).toEqual({ from: "2026-12-01", to: "2026-12-31" });
    expect(thisMonth(day(2027, 1, 1))).toEqual({ from: "2027-01-01", to: "2027-01-01" });
  });

  it("a custom range needs both dates, in order, at most 366 days apart", () => {
    expect(customRangeProblem({ from: "", to: "2026-01-31" })).toBe("Choose both dates.");
    expect(customRangeProblem({ from: "2026-01-01", to: "" })).toBe("Choose both dates.");
    expect(customRangeProblem({ from: "2026-02-01", to: "2026-01-31" })).toBe(
      "The end date is before the start date.",
    );
    expect(customRangeProblem({ from: "2026-01-01", to: "2027-01-03" })).toBe(
      "A report covers at most 366 days; make two reports.",
    );
    expect(customRangeProblem({ from: "2026-01-01", to: "2027-01-02" })).toBeNull();
    expect(customRangeProblem({ from: "2026-01-31", to: "2026-01-31" })).toBeNull();
  });
});

describe("words", () => {
  it("names a range by its days, once for a single day", () => {
    expect(rangeLabel({ from: "2026-01-01", to: "2026-01-31" })).toMatch(
      /^1 January 2026 – 31 January 2026$|^January 1, 2026 – January 31, 2026$/,
    );
    expect(rangeLabel({ from: "2026-01-05", to: "2026-01-05" })).not.toContain("–");
  });

  it("says each outcome and how the application was made", () => {
    expect(outcomeLabel("waiting")).toBe("Waiting for a reply");
    expect(outcomeLabel("interviewing")).toBe("Interviewing");
    expect(outcomeLabel("withdrawn")).toBe("Withdrawn");
    expect(howLabel("in_person")).toBe("In person");
    expect(howLabel("referral")).toBe("Referral");
    expect(howLabel(null)).toBe("Not recorded");
    expect(howLabel("carrier_pigeon")).toBe("carrier_pigeon");
  });

  it("prints links without the scheme", () => {
    expect(readableUrl("https://jobs.example.com/42/")).toBe("jobs.example.com/42");
    expect(readableUrl("http://a.example/x?id=7")).toBe("a.example/x?id=7");
  });

  it("names the CSV as the API does", () => {
    expect(csvFileName({ from: "2026-01-01", to: "2026-01-31" })).toBe(
      "track-report-2026-01-01-to-2026-01-31.csv",
    );
  });
});
