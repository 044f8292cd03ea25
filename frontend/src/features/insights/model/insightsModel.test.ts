import { describe, expect, it } from "vitest";
import {
  days,
  followUpSentence,
  funnelRows,
  percent,
  sourceLabel,
  stageCounts,
} from "./insightsModel";

describe("insights model", () => {
  it("says percentages plainly", () => {
    expect(percent(0.4)).toBe("40%");
    expect(percent(1)).toBe("100%");
    expect(percent(0)).toBe("0%");
    expect(percent(0.025)).toBe("2.5%");
    expect(percent(2 / 3)).toBe("67%");
    expect(percent(null)).toBe("—");
  });

  it("gives each funnel step its width and the conversion from the one before", () => {
    const rows = funnelRows([
      { stage: "applied", reached: 10 },
      { stage: "screening", reached: 4 },
      { stage: "interview", reached: 0 },
      { stage: "reference", reached: 0 },
    ]);
    expect(rows.map((r) => r.width)).toEqual([1, 0.4, 0, 0]);
    expect(rows[0]?.conversion).toBeNull();
    expect(rows[1]?.conversion).toBe("40% of applied reached screening");
    expect(rows[2]?.conversion).toBe("0% of screening reached interview");
    expect(rows[3]?.conversion).toBeNull();
  });

  it("handles an empty funnel", () => {
    expect(funnelRows([{ stage: "applied", reached: 0 }])).toEqual([
      { stage: "applied", label: "Applied", reached: 0, width: 0, conversion: null },
    ]);
  });

  it("labels sources, days, stages and follow-ups", () => {
    expect(sourceLabel("in_person")).toBe("In person");
    expect(sourceLabel("unknown")).toBe("Not recorded");
    expect(sourceLabel("carrier-pigeon")).toBe("carrier-pigeon");
    expect(days(8)).toBe("8 days");
    expect(days(1)).toBe("1 day");
    expect(days(3.25)).toBe("3.3 days");
    expect(days(null)).toBe("—");
    expect(stageCounts({ applied: 2 }).find((s) => s.stage === "applied")?.count).toBe(2);
    expect(stageCounts({}).every((s) => s.count === 0)).toBe(true);
    expect(
      followUpSentence({
        job_id: 1,
        company: "Acme",
        title: "Dev",
        stage: "applied",
        last_event_date: "2026-01-01",
        days_since: 16,
      }),
    ).toBe("No news from Acme for 16 days");
  });
});
