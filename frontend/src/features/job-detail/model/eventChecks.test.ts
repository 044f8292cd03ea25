import { describe, expect, it } from "vitest";
import { formatDate } from "../../../lib/format";
import { makeEvent, makeJob } from "../../../test/factories";
import { dateWarning } from "./eventChecks";
import { ROUNDS, STAGE_LABELS, EVENT_TYPES } from "../../../generated/trackingSchema.js";
import { eventName, nextRound, roundOf } from "./stageModel";

const interviews = makeJob({
  events: [
    makeEvent("applied", { event_date: "2026-01-05" }),
    makeEvent("interview", { event_date: "2026-01-15", note: { round: 1 } }),
    makeEvent("interview", { event_date: "2026-01-20", note: { round: 3 } }),
  ],
});

describe("interview rounds", () => {
  it("offers one above the highest round, as the API would", () => {
    expect(nextRound(interviews)).toBe(4);
    expect(nextRound(makeJob())).toBe(1);
  });

  it("reads rounds only from ROUNDS' event type and field, starting at ROUNDS.first", () => {
    const label = STAGE_LABELS[ROUNDS.event_type];
    for (const type of EVENT_TYPES) {
      const event = makeEvent(type, { note: { [ROUNDS.field]: 2 } });
      const numbered = type === ROUNDS.event_type;
      expect(roundOf(event)).toBe(numbered ? 2 : null);
      expect(eventName(event)).toBe(numbered ? `${label} round 2` : STAGE_LABELS[type]);
    }
    expect(roundOf(makeEvent(ROUNDS.event_type, { note: { [ROUNDS.field]: "2" } }))).toBeNull();
    expect(nextRound(makeJob({ events: [makeEvent(ROUNDS.event_type)] }))).toBe(ROUNDS.first);
  });

  it("leaves the edited interview out of the next round", () => {
    const last = interviews.events[2]!.id;
    expect(nextRound(interviews, last)).toBe(2);
  });
});

describe("dates that are probably typos (warned, never blocked)", () => {
  const today = "2026-03-01";
  it("warns about a date before the step it follows", () => {
    expect(dateWarning(interviews, "2026-01-10", null, today)).toBe(
      `This is before the step it follows (Interview on ${formatDate("2026-01-20")}). You can still save it.`,
    );
    expect(dateWarning(interviews, "2026-01-21", null, today)).toBeNull();
    // Editing the second interview: it follows the first.
    expect(dateWarning(interviews, "2026-01-16", interviews.events[2]!.id, today)).toBeNull();
  });

  it("warns about a date more than a year away, either way", () => {
    expect(dateWarning(makeJob(), "2027-03-05", null, today)).toMatch(/more than a year from now/);
    expect(dateWarning(makeJob(), "2025-02-01", null, today)).toMatch(/more than a year ago/);
    expect(dateWarning(makeJob(), "2026-12-01", null, today)).toBeNull();
  });
});

describe("inferred steps", () => {
  it("says an inferred step's unchanged date is not known, and compares nothing with it", () => {
    const inferred = makeEvent("interview", { event_date: "2026-01-05", inferred: true });
    const job = makeJob({ events: [makeEvent("applied", { event_date: "2026-01-05" }), inferred] });
    expect(dateWarning(job, "2026-01-05", inferred.id, "2026-02-01")).toMatch(/not known/);
    expect(dateWarning(job, "2026-01-20", inferred.id, "2026-02-01")).toBeNull();
    // A new step after an inferred one: nothing is "before" a date that is not known.
    expect(dateWarning(job, "2026-01-01", null, "2026-02-01")).toBeNull();
  });
});
