import { describe, expect, it } from "vitest";
import type { TrackedJob } from "../../../lib/apiTypes";
import { jobAt } from "../../../test/factories";
import { CARD_STAGES, cardState, reachedStage, stepStatus } from "./stageModel";

const states = (job: TrackedJob) =>
  Object.fromEntries(CARD_STAGES.map((s) => [s, cardState(job, s).state]));

describe("stage cards from TRANSITIONS", () => {
  it("a saved job can start at any progress stage; the decision is locked", () => {
    expect(states(jobAt())).toEqual({
      applied: "next",
      screening: "next",
      interview: "next",
      reference: "next",
      offer: "next",
      accepted: "locked",
      declined: "locked",
    });
  });

  it("after skipping to interview, earlier stages are locked and interview can repeat", () => {
    const job = jobAt("applied", "interview");
    expect(states(job)).toMatchObject({
      applied: "completed",
      screening: "locked",
      interview: "completed",
      reference: "next",
    });
    expect(cardState(job, "interview").canAddMore).toBe(true);
    expect(stepStatus(job, "screening")).toBe("skipped");
    expect(stepStatus(job, "interview")).toBe("current");
    expect(stepStatus(job, "offer")).toBe("upcoming");
  });

  it("an offer opens the accepted/declined branch; a decision closes the other", () => {
    expect(states(jobAt("offer"))).toMatchObject({ accepted: "next", declined: "next" });
    const accepted = jobAt("offer", "accepted");
    expect(states(accepted)).toMatchObject({ accepted: "completed", declined: "locked" });
    expect(stepStatus(accepted, "declined")).toBe("skipped");
  });

  it("a rejected job is read-only everywhere and the stepper shows where it stopped", () => {
    const job = jobAt("applied", "screening", "rejected");
    expect(new Set(Object.values(states(job)))).toEqual(new Set(["rejected"]));
    expect(reachedStage(job)).toBe("screening");
    expect(stepStatus(job, "screening")).toBe("stopped");
    expect(stepStatus(job, "applied")).toBe("done");
    expect(reachedStage(jobAt("rejected"))).toBe("saved");
  });
});
