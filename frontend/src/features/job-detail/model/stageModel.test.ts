import { describe, expect, it } from "vitest";
import { STAGES, TRANSITIONS, type StageValue } from "../../../generated/trackingSchema.js";
import { jobAt, makeEvent, makeJob } from "../../../test/factories";
import type { TrackedJob } from "../../../lib/apiTypes";
import { isLocked, nextActions, reachedStage, stepStatus, timeline } from "./stageModel";

/** A job at `stage`, reached the usual way. */
const JOBS: Record<StageValue, TrackedJob> = {
  saved: jobAt(),
  applied: jobAt("applied"),
  screening: jobAt("applied", "screening"),
  interview: makeJob({
    events: [makeEvent("applied"), makeEvent("interview", { note: { round: 1 } })],
  }),
  reference: jobAt("applied", "interview", "reference"),
  offer: jobAt("applied", "offer"),
  accepted: jobAt("applied", "offer", "accepted"),
  declined: jobAt("applied", "offer", "declined"),
  rejected: jobAt("applied", "rejected"),
  withdrawn: jobAt("applied", "interview", "withdrawn"),
};

const labels = (job: TrackedJob) => {
  const { primary, others, canReject, canWithdraw } = nextActions(job);
  return {
    primary: primary?.label ?? null,
    others: others.map((o) => o.label),
    canReject,
    canWithdraw,
  };
};

describe("the next step, for every stage", () => {
  it.each([
    [
      "saved",
      "Record application",
      ["Record screening", "Record interview", "Record references", "Record offer"],
      true,
      false,
    ],
    [
      "applied",
      "Record screening",
      ["Record interview", "Record references", "Record offer"],
      true,
      true,
    ],
    ["screening", "Record interview", ["Record references", "Record offer"], true, true],
    ["interview", "Record interview round 2", ["Record references", "Record offer"], true, true],
    ["reference", "Record offer", [], true, true],
    ["offer", "Accept the offer", ["Decline the offer"], true, true],
    ["accepted", null, [], false, false],
    ["declined", null, [], false, false],
    ["rejected", null, [], false, false],
    ["withdrawn", null, [], false, false],
  ] as const)(
    "at %s: %s, then %j in the menu",
    (stage, primary, others, canReject, canWithdraw) => {
      expect(labels(JOBS[stage])).toEqual({ primary, others, canReject, canWithdraw });
    },
  );

  it("covers every stage and offers exactly what TRANSITIONS allows", () => {
    for (const { value } of STAGES) {
      const { primary, others, canReject, canWithdraw } = nextActions(JOBS[value]);
      const offered = [primary, ...others].filter((a) => a !== null).map((a) => a.type);
      expect([
        ...offered,
        ...(canReject ? ["rejected"] : []),
        ...(canWithdraw ? ["withdrawn"] : []),
      ]).toEqual(TRANSITIONS[value]);
    }
  });

  it("names the round after the highest one so far", () => {
    const job = makeJob({
      events: [
        makeEvent("interview", { note: { round: 1 } }),
        makeEvent("interview", { note: { round: 3 } }),
      ],
    });
    expect(nextActions(job).primary?.label).toBe("Record interview round 4");
  });
});

describe("the stepper", () => {
  it("ticks the steps taken, marks the current one, and leaves the rest plain (no 'skipped')", () => {
    const job = jobAt("applied", "interview");
    expect(stepStatus(job, "applied")).toBe("done");
    expect(stepStatus(job, "screening")).toBe("none");
    expect(stepStatus(job, "interview")).toBe("current");
    expect(stepStatus(job, "offer")).toBe("none");
  });

  it("an outcome marks the branch taken; the other stays plain", () => {
    const accepted = JOBS.accepted;
    expect(stepStatus(accepted, "accepted")).toBe("current");
    expect(stepStatus(accepted, "declined")).toBe("none");
    expect(stepStatus(accepted, "offer")).toBe("done");
  });

  it("a rejection shows where it happened", () => {
    const job = jobAt("applied", "screening", "rejected");
    expect(reachedStage(job)).toBe("screening");
    expect(stepStatus(job, "screening")).toBe("stopped");
    expect(stepStatus(job, "applied")).toBe("done");
    expect(reachedStage(jobAt("rejected"))).toBe("saved");
  });

  it("a withdrawal shows where it happened, like a rejection", () => {
    const job = JOBS.withdrawn;
    expect(isLocked(job)).toBe(true);
    expect(reachedStage(job)).toBe("interview");
    expect(stepStatus(job, "interview")).toBe("stopped");
    expect(stepStatus(job, "applied")).toBe("done");
    expect(stepStatus(job, "offer")).toBe("none");
  });
});

describe("the timeline", () => {
  it("lists newest first by date, then time, then the order the steps were added", () => {
    const a = makeEvent("applied", { event_date: "2026-01-05" });
    const b = makeEvent("interview", { event_date: "2026-01-20", event_time: "14:00:00" });
    const c = makeEvent("interview", { event_date: "2026-01-20", event_time: "09:00:00" });
    const d = makeEvent("screening", { event_date: "2026-01-09" });
    expect(timeline(makeJob({ events: [a, d, b, c] })).map((e) => e.id)).toEqual([
      b.id,
      c.id,
      d.id,
      a.id,
    ]);
  });
});
