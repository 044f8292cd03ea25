import { describe, expect, it } from "vitest";
import { employmentLabel, salaryText } from "./posting";

describe("salaryText", () => {
  it("writes a range with its currency and unit", () => {
    expect(salaryText({ min: 120000, max: 150000, currency: "USD", unit: "YEAR" }, "en-US")).toBe(
      "$120,000–$150,000 per year",
    );
  });
  it("writes one end of a range", () => {
    expect(salaryText({ min: 50, max: null, currency: "EUR", unit: "HOUR" }, "en-US")).toBe(
      "From €50 per hour",
    );
    expect(salaryText({ min: null, max: 3000, currency: null, unit: "MONTH" }, "en-US")).toBe(
      "Up to 3,000 per month",
    );
  });
  it("keeps an unknown currency code as the page gave it", () => {
    expect(salaryText({ min: 10, max: 10, currency: "bitcoins", unit: null }, "en-US")).toBe(
      "10 bitcoins",
    );
  });
  it("says nothing without an amount", () => {
    expect(salaryText(null)).toBeNull();
    expect(salaryText({ min: null, max: null, currency: "USD", unit: "YEAR" })).toBeNull();
  });
});

describe("employmentLabel", () => {
  it("names each type in words", () => {
    expect(employmentLabel("FULL_TIME")).toBe("Full-time");
    expect(employmentLabel("CONTRACTOR")).toBe("Contract");
  });
});
