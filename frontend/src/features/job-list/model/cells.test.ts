import { describe, expect, it } from "vitest";
import { makeEvent, makeJob } from "../../../test/factories";
import { nextDateText, shortDate } from "./cells";

const TODAY = "2026-03-10";

describe("nextDateText", () => {
  it("names an event ahead by its day, with its time", () => {
    const job = makeJob({
      events: [
        makeEvent("applied", { event_date: "2026-03-01" }),
        makeEvent("interview", { event_date: "2026-12-03", event_time: "14:30:00" }),
      ],
    });
    expect(nextDateText(job, TODAY)).toBe(`Interview · ${shortDate("2026-12-03")}, 14:30`);
  });

  it("says today and tomorrow in words", () => {
    const job = makeJob({ events: [makeEvent("screening", { event_date: TODAY })] });
    expect(nextDateText(job, TODAY)).toBe("Screening · today");
    const tomorrow = makeJob({ events: [makeEvent("screening", { event_date: "2026-03-11" })] });
    expect(nextDateText(tomorrow, TODAY)).toBe("Screening · tomorrow");
  });

  it("counts the days to an open offer's deadline", () => {
    const job = makeJob({
      events: [makeEvent("offer", { event_date: "2026-03-01", note: { deadline: "2026-03-12" } })],
    });
    expect(nextDateText(job, TODAY)).toBe("Offer deadline · in 2 d");
  });

  it("is empty when nothing is ahead", () => {
    expect(nextDateText(makeJob(), TODAY)).toBeNull();
  });
});
