import { describe, expect, it } from "vitest";
import { dayOrderFor, parseSheetDate, serialDate } from "./sheetDates";

describe("parseSheetDate", () => {
  it.each([
    // ISO, with or without a time, and year first with slashes or dots
    ["2026-10-05", "2026-10-05"],
    ["2026-10-05T10:00:00Z", "2026-10-05"],
    ["2026/1/5", "2026-01-05"],
    // month names, either way round
    ["Oct 5, 2026", "2026-10-05"],
    ["October 5 2026", "2026-10-05"],
    ["Sept 30, 2026", "2026-09-30"],
    ["5 Oct 2026", "2026-10-05"],
    ["5 October 2026", "2026-10-05"],
    ["5-Oct-26", "2026-10-05"],
    ["5th Oct 2026", "2026-10-05"],
    ["  oct   5,  2026 ", "2026-10-05"],
    // spreadsheet serial numbers (Excel 1900 system)
    ["46300", "2026-10-05"],
    ["46300.75", "2026-10-05"],
  ])("%s → %s", (text, iso) => {
    expect(parseSheetDate(text, "dmy")).toBe(iso);
    expect(parseSheetDate(text, "mdy")).toBe(iso);
  });

  it.each([
    ["05/10/2026", "2026-10-05", "2026-05-10"],
    ["5/10/26", "2026-10-05", "2026-05-10"],
    ["5.10.2026", "2026-10-05", "2026-05-10"],
    ["05-10-2026", "2026-10-05", "2026-05-10"],
    ["1/2/99", "1999-02-01", "1999-01-02"],
    ["05/10/2026 14:30", "2026-10-05", "2026-05-10"],
  ])("%s → %s day first, %s month first", (text, dmy, mdy) => {
    expect(parseSheetDate(text, "dmy")).toBe(dmy);
    expect(parseSheetDate(text, "mdy")).toBe(mdy);
  });

  it("reads nothing that is not a real date in the chosen order", () => {
    expect(parseSheetDate("25/12/2025", "dmy")).toBe("2025-12-25");
    expect(parseSheetDate("25/12/2025", "mdy")).toBeNull(); // no month 25: not guessed
    expect(parseSheetDate("12/25/2025", "mdy")).toBe("2025-12-25");
    for (const text of [
      "",
      "  ",
      "yesterday",
      "2026-02-30",
      "31/02/2026",
      "Octopus 5, 2026",
      "asap",
      "0",
      "-4",
      "1e5",
      "5/10",
    ]) {
      expect(parseSheetDate(text, "dmy")).toBeNull();
    }
  });
});

describe("serialDate: Excel's 1900 date system", () => {
  it.each([
    [1, "1900-01-01"],
    [59, "1900-02-28"],
    [61, "1900-03-01"],
    [25569, "1970-01-01"],
    [45658, "2025-01-01"],
    [46300, "2026-10-05"],
    [2958465, "9999-12-31"],
  ])("%i → %s", (serial, iso) => {
    expect(serialDate(serial)).toBe(iso);
  });

  it("has no date for 60 (the 29 February 1900 it invents), 0, or past 9999", () => {
    expect(serialDate(60)).toBeNull();
    expect(serialDate(0)).toBeNull();
    expect(serialDate(2958466)).toBeNull();
  });
});

describe("dayOrderFor", () => {
  it("preselects month first where the language writes it so, else day first", () => {
    expect(dayOrderFor("en-US")).toBe("mdy");
    expect(dayOrderFor("en-GB")).toBe("dmy");
    expect(dayOrderFor("de-DE")).toBe("dmy");
    expect(dayOrderFor("fr")).toBe("dmy");
  });
});
