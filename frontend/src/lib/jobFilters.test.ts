import { describe, expect, it } from "vitest";
import { apiFilters, describeCount, filtersToSearch, parseFilters } from "./jobFilters";

describe("the list's filters in the address bar", () => {
  it("reads search, stages (known ones, in stage order) and active", () => {
    expect(parseFilters("q=acme&stage=offer&stage=applied&stage=nonsense&active=true")).toEqual({
      q: "acme",
      stages: ["applied", "offer"],
      active: true,
    });
    expect(parseFilters("")).toEqual({ q: "", stages: [], active: false });
    expect(parseFilters(`q=${"x".repeat(150)}`).q).toHaveLength(100);
  });

  it("writes them back, leaving out what is not set", () => {
    expect(filtersToSearch({ q: "acme corp", stages: ["offer", "applied"], active: false })).toBe(
      "?q=acme+corp&stage=applied&stage=offer",
    );
    expect(filtersToSearch({ q: "  ", stages: [], active: false })).toBe("");
    expect(apiFilters({ q: " acme ", stages: [], active: true }).q).toBe("acme");
  });

  it("counts honestly: filters named, pages not loaded said", () => {
    const none = { q: "", stages: [], active: false };
    expect(describeCount({ shown: 12, hasMore: false, filters: none })).toBe("12 jobs");
    expect(describeCount({ shown: 100, hasMore: true, filters: none })).toBe(
      "Showing 100 jobs; there are more (Load more).",
    );
    const acme = { ...none, q: "acme" };
    expect(describeCount({ shown: 12, hasMore: false, filters: acme })).toBe(
      "12 jobs match “acme”.",
    );
    expect(describeCount({ shown: 1, hasMore: false, filters: acme })).toBe(
      "1 job matches “acme”.",
    );
    expect(describeCount({ shown: 0, hasMore: false, filters: acme })).toBe(
      "No jobs match “acme”.",
    );
    expect(
      describeCount({
        shown: 100,
        hasMore: true,
        filters: { q: "acme", stages: ["applied", "screening"], active: true },
      }),
    ).toBe(
      "Showing 100 jobs that match your filters (“acme”, Applied or Screening, active only); there are more (Load more).",
    );
  });
});
