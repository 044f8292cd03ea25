import { describe, expect, it } from "vitest";
import { makeEvent, makeJob } from "../../../test/factories";
import { DEFAULT_SORT, nextSort, parseSort, sortJobs, sortParam, type JobSort } from "./sortJobs";

const TODAY = "2026-03-10";
const companies = (jobs: { company: string }[]) => jobs.map((j) => j.company);
const by = (key: JobSort["key"], direction: JobSort["direction"]): JobSort => ({ key, direction });

describe("sortJobs", () => {
  const beta = makeJob({
    company: "beta",
    events: [makeEvent("applied", { event_date: "2026-03-01" })],
  });
  const alpha = makeJob({
    company: "Alpha",
    events: [
      makeEvent("applied", { event_date: "2026-02-01" }),
      makeEvent("interview", { event_date: "2026-03-12" }),
    ],
  });
  const gamma = makeJob({ company: "Gamma", created_at: "2026-03-05T10:00:00Z" });
  const delta = makeJob({
    company: "Delta",
    events: [
      makeEvent("applied", { event_date: "2026-02-01" }),
      makeEvent("offer", { event_date: "2026-03-01", note: { deadline: "2026-03-11" } }),
    ],
  });
  const jobs = [beta, alpha, gamma, delta];

  it("by last activity: newest step first, then oldest first", () => {
    expect(companies(sortJobs(jobs, DEFAULT_SORT, TODAY))).toEqual([
      "Alpha", // an interview dated ahead is its latest step
      "Gamma",
      "Delta", // Delta and beta both moved on Mar 1: the later-recorded event first
      "beta",
    ]);
    expect(companies(sortJobs(jobs, by("activity", "ascending"), TODAY))).toEqual([
      "beta",
      "Delta",
      "Gamma",
      "Alpha",
    ]);
  });

  it("by company: A to Z ignoring case, and back", () => {
    expect(companies(sortJobs(jobs, by("company", "ascending"), TODAY))).toEqual([
      "Alpha",
      "beta",
      "Delta",
      "Gamma",
    ]);
    expect(companies(sortJobs(jobs, by("company", "descending"), TODAY))).toEqual([
      "Gamma",
      "Delta",
      "beta",
      "Alpha",
    ]);
  });

  it("by stage: furthest first; ties by company", () => {
    expect(companies(sortJobs(jobs, by("stage", "descending"), TODAY))).toEqual([
      "Delta",
      "Alpha",
      "beta",
      "Gamma",
    ]);
    const twins = [makeJob({ company: "Zed" }), makeJob({ company: "Abe" })];
    expect(companies(sortJobs(twins, by("stage", "descending"), TODAY))).toEqual(["Abe", "Zed"]);
    expect(companies(sortJobs(twins, by("stage", "ascending"), TODAY))).toEqual(["Abe", "Zed"]);
  });

  it("by next date: soonest first; jobs with nothing ahead last either way", () => {
    expect(companies(sortJobs(jobs, by("next", "ascending"), TODAY))).toEqual([
      "Delta", // offer deadline Mar 11
      "Alpha", // interview Mar 12
      "beta",
      "Gamma",
    ]);
    expect(companies(sortJobs(jobs, by("next", "descending"), TODAY))).toEqual([
      "Alpha",
      "Delta",
      "beta",
      "Gamma",
    ]);
  });

  it("keeps equal jobs in a fixed order (newest id first after the company)", () => {
    const a = makeJob({ company: "Same" });
    const b = makeJob({ company: "Same" });
    expect(sortJobs([a, b], by("company", "ascending"), TODAY)).toEqual([b, a]);
    expect(sortJobs([b, a], by("company", "descending"), TODAY)).toEqual([b, a]);
  });
});

describe("nextSort", () => {
  it("starts a column in its natural direction and flips it on a second click", () => {
    expect(nextSort(DEFAULT_SORT, "company")).toEqual(by("company", "ascending"));
    expect(nextSort(by("company", "ascending"), "company")).toEqual(by("company", "descending"));
    expect(nextSort(by("company", "ascending"), "next")).toEqual(by("next", "ascending"));
    expect(nextSort(DEFAULT_SORT, "activity")).toEqual(by("activity", "ascending"));
  });

  it("by priority: highest first, ties by company then newest, either way", () => {
    const high = makeJob({ company: "Zeta", priority: 3 });
    const lowA = makeJob({ company: "alpha", priority: 1 });
    const lowB = makeJob({ company: "Beta", priority: 1 });
    const none = makeJob({ company: "Acme", priority: 0 });
    const list = [lowB, none, high, lowA];
    expect(nextSort(DEFAULT_SORT, "priority")).toEqual(by("priority", "descending"));
    expect(companies(sortJobs(list, by("priority", "descending"), TODAY))).toEqual([
      "Zeta",
      "alpha",
      "Beta",
      "Acme",
    ]);
    expect(companies(sortJobs(list, by("priority", "ascending"), TODAY))).toEqual([
      "Acme",
      "alpha",
      "Beta",
      "Zeta",
    ]);
  });
});

describe("the sort in the address", () => {
  it("writes a column's first direction as its name, the other way with a sign, the default not at all", () => {
    expect(sortParam(DEFAULT_SORT)).toBeNull();
    expect(sortParam(by("company", "ascending"))).toBe("company");
    expect(sortParam(by("company", "descending"))).toBe("-company");
    expect(sortParam(by("stage", "ascending"))).toBe("+stage");
    expect(sortParam(by("activity", "ascending"))).toBe("+activity");
  });

  it("reads back what it writes, and the default for nothing or anything unknown", () => {
    for (const sort of [
      by("company", "ascending"),
      by("company", "descending"),
      by("stage", "ascending"),
      by("next", "descending"),
      DEFAULT_SORT,
    ]) {
      expect(parseSort(sortParam(sort))).toEqual(sort);
    }
    expect(parseSort(null)).toEqual(DEFAULT_SORT);
    expect(parseSort("salary")).toEqual(DEFAULT_SORT);
    expect(parseSort("--company")).toEqual(DEFAULT_SORT);
    expect(parseSort("constructor")).toEqual(DEFAULT_SORT);
  });
});
