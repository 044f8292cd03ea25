import { describe, expect, it } from "vitest";
import { apiFilters, describeCount, filtersToSearch, parseFilters } from "./jobFilters";

describe("the list's filters in the address bar", () => {
  it("reads search, stages (known ones, in stage order) and active", () => {
    expect(parseFilters("q=acme&stage=offer&stage=applied&stage=nonsense&active=true")).toEqual({
      q: "acme",
      stages: ["applied", "offer"],
      active: true,
      tags: [],
      priority: 0,
    });
    expect(parseFilters("")).toEqual({ q: "", stages: [], active: false, tags: [], priority: 0 });
    expect(parseFilters(`q=${"x".repeat(150)}`).q).toHaveLength(100);
  });

  it("writes them back, leaving out what is not set", () => {
    const none = { q: "", stages: [], active: false, tags: [], priority: 0 };
    expect(filtersToSearch({ ...none, q: "acme corp", stages: ["offer", "applied"] })).toBe(
      "?q=acme+corp&stage=applied&stage=offer",
    );
    expect(filtersToSearch({ ...none, q: "  " })).toBe("");
    expect(apiFilters({ ...none, q: " acme ", active: true }).q).toBe("acme");
  });

  it("counts honestly: filters named, pages not loaded said", () => {
    const none = { q: "", stages: [], active: false, tags: [], priority: 0 };
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
        filters: { ...none, q: "acme", stages: ["applied", "screening"], active: true },
      }),
    ).toBe(
      "Showing 100 jobs that match your filters (“acme”, Applied or Screening, active only); there are more (Load more).",
    );
  });

  it("reads and writes tags (tidied, ignoring case) and a priority floor", () => {
    const read = parseFilters("tag=%20Remote%20&tag=remote&tag=&tag=Fintech&priority=2");
    expect(read).toMatchObject({ tags: ["Remote", "Fintech"], priority: 2 });
    expect(parseFilters("priority=9").priority).toBe(0);
    expect(parseFilters("priority=1.5").priority).toBe(0);
    expect(parseFilters(`tag=${"x".repeat(41)}`).tags).toEqual([]);
    expect(filtersToSearch({ ...parseFilters(""), tags: ["Remote", "big co"], priority: 3 })).toBe(
      "?tag=Remote&tag=big+co&priority=3",
    );
    // The API ignores case and order: one cache key for equal sets.
    expect(apiFilters({ ...read, tags: ["b", "A"] }).tags).toEqual(["a", "b"]);
    expect(apiFilters({ ...read, tags: ["B", "a"] }).tags).toEqual(["a", "b"]);
  });

  it("names tags and priority in the count", () => {
    const filters = { ...parseFilters(""), tags: ["remote", "Fintech"], priority: 2 };
    expect(describeCount({ shown: 2, hasMore: false, filters })).toBe(
      "2 jobs match your filters (tagged “remote” and “Fintech”, priority Medium or higher).",
    );
  });
});
