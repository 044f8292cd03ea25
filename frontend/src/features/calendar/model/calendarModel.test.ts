import { describe, expect, it } from "vitest";
import { DATED_NOTE_FIELDS, ENDED_STAGES, STAGES } from "../../../generated/trackingSchema.js";
import {
  addMonths,
  agendaDays,
  dayChips,
  groupByDate,
  isMuted,
  itemKey,
  itemKind,
  KINDS,
  KIND_ORDER,
  deadlineText,
  describeCounts,
  gridRange,
  monthGrid,
  parseLayout,
  parseMonth,
  shiftMonthKeepDay,
  type CalendarItem,
} from "./calendarModel";

const item = (over: Partial<CalendarItem>): CalendarItem => ({
  kind: "event",
  date: "2026-02-03",
  time: null,
  job_id: 1,
  company: "Acme",
  title: "Engineer",
  stage: "interview",
  event_id: 1,
  event_type: "interview",
  label: "Interview round 1",
  location: null,
  ...over,
});

describe("calendar model", () => {
  it("reads the month from the address, falling back to today's", () => {
    expect(parseMonth("2026-02", "2025-07-04")).toBe("2026-02");
    expect(parseMonth("2026-13", "2025-07-04")).toBe("2025-07");
    expect(parseMonth(null, "2025-07-04")).toBe("2025-07");
  });

  it("moves by months across years and keeps the day where it can", () => {
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(shiftMonthKeepDay("2026-01-31", 1)).toBe("2026-02-28");
    expect(shiftMonthKeepDay("2026-03-15", -1)).toBe("2026-02-15");
  });

  it("lays out full Monday-first weeks and asks for exactly the shown range", () => {
    const weeks = monthGrid("2026-02");
    expect(weeks).toHaveLength(5);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(gridRange("2026-02")).toEqual({ from: "2026-01-26", to: "2026-03-01" });
  });

  it("counts a day's kinds in words and says how many days are left", () => {
    expect(
      describeCounts([
        item({}),
        item({ event_id: 2 }),
        item({ kind: "offer_deadline", event_type: "offer" }),
      ]),
    ).toBe("3 items: 2 interviews, 1 offer deadline");
    expect(describeCounts([item({})])).toBe("1 item: 1 interview");
    expect(describeCounts([])).toBe("");
    expect(deadlineText("Offer deadline", "2026-02-06", "2026-02-03")).toBe(
      "Offer deadline in 3 days",
    );
    expect(deadlineText("Offer deadline", "2026-02-04", "2026-02-03")).toBe(
      "Offer deadline tomorrow",
    );
  });

  it("shows every chip that fits, else one fewer and how many more", () => {
    const day = (n: number) => Array.from({ length: n }, (_, i) => item({ event_id: i + 1 }));
    expect(dayChips(day(0))).toEqual({ shown: [], more: 0 });
    expect(dayChips(day(3))).toEqual({ shown: day(3), more: 0 });
    expect(dayChips(day(4))).toEqual({ shown: day(2), more: 2 });
    expect(dayChips(day(9), 2)).toEqual({ shown: day(1), more: 8 });
  });

  it("lists the month's own days that hold items, in order, and reads the layout", () => {
    const byDate = groupByDate([
      item({ date: "2026-03-01" }),
      item({ date: "2026-02-20" }),
      item({ date: "2026-01-31" }),
      item({ date: "2026-02-03" }),
    ]);
    expect(agendaDays("2026-02", byDate)).toEqual(["2026-02-03", "2026-02-20"]);
    expect(parseLayout("agenda")).toBe("agenda");
    expect(parseLayout("grid")).toBe("month");
    expect(parseLayout(null)).toBe("month");
  });

  it("gives each note date of DATED_NOTE_FIELDS its own kind, words and place", () => {
    for (const dated of DATED_NOTE_FIELDS) {
      const kind = itemKind(item({ kind: dated.kind, event_type: dated.event_type }));
      expect(kind).toBe(dated.kind);
      expect(KINDS[kind].label).toBe(dated.label);
    }
    expect(KIND_ORDER).toEqual([
      "interview",
      "step",
      ...DATED_NOTE_FIELDS.map((d) => d.kind),
      "apply_by",
    ]);
  });

  it("mutes the items of jobs at the ENDED_STAGES only", () => {
    for (const { value } of STAGES) {
      expect(isMuted(item({ stage: value }))).toBe(ENDED_STAGES.includes(value));
    }
  });
});

describe("apply_by items", () => {
  const applyBy = {
    kind: "apply_by",
    date: "2026-03-10",
    time: null,
    job_id: 7,
    company: "Acme",
    title: "Engineer",
    stage: "saved",
    event_id: null,
    event_type: null,
    label: "Apply by",
    location: null,
  } as unknown as CalendarItem;

  it("are a kind of their own, keyed by their job", () => {
    expect(itemKind(applyBy)).toBe("apply_by");
    expect(KINDS.apply_by.label).toBe("Apply by");
    expect(itemKey(applyBy)).toBe("apply_by-job7");
  });
});
