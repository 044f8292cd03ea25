import { describe, expect, it } from "vitest";
import { makeEvent, makeJob } from "../../../test/factories";
import { actionProblem, doneMessage, planBulk, runAll, tagsOf } from "./bulk";

const saved = makeJob({ company: "Saved", tags: ["Remote"] });
const applied = makeJob({ company: "Applied", events: [makeEvent("applied")], priority: 3 });
const offer = makeJob({
  company: "Offer",
  events: [makeEvent("applied"), makeEvent("offer")],
  tags: ["remote", "fintech"],
});
const rejected = makeJob({
  company: "Rejected",
  events: [makeEvent("applied"), makeEvent("rejected")],
});
const all = [saved, applied, offer, rejected];
const names = (items: { job: { company: string } }[]) => items.map((i) => i.job.company);

describe("planBulk", () => {
  it("sets priority on unlocked jobs that differ, saying why each other one is skipped", () => {
    const plan = planBulk(all, { kind: "priority", priority: 3 });
    expect(plan.steps).toEqual([
      { kind: "patch", job: saved, body: { priority: 3 } },
      { kind: "patch", job: offer, body: { priority: 3 } },
    ]);
    expect(plan.skipped.map((s) => [s.job.company, s.reason])).toEqual([
      ["Applied", "its priority is already High"],
      ["Rejected", "it is rejected (locked until that step is undone)"],
    ]);
  });

  it("adds a tag (trimmed) after the job's own, skipping jobs that have it in any case", () => {
    const plan = planBulk(all, { kind: "add-tag", tag: " REMOTE " });
    expect(plan.steps).toEqual([{ kind: "patch", job: applied, body: { tags: ["REMOTE"] } }]);
    expect(plan.skipped.map((s) => s.reason)).toEqual([
      "it is already tagged “REMOTE”",
      "it is already tagged “REMOTE”",
      "it is rejected (locked until that step is undone)",
    ]);
    const full = makeJob({ tags: Array.from({ length: 20 }, (_, i) => `t${i}`) });
    expect(planBulk([full], { kind: "add-tag", tag: "new" }).skipped[0]?.reason).toBe(
      "it has 20 tags already",
    );
  });

  it("removes a tag ignoring case, keeping the others in order", () => {
    const plan = planBulk(all, { kind: "remove-tag", tag: "Remote" });
    expect(plan.steps).toEqual([
      { kind: "patch", job: saved, body: { tags: [] } },
      { kind: "patch", job: offer, body: { tags: ["fintech"] } },
    ]);
    expect(names(plan.skipped)).toEqual(["Applied", "Rejected"]);
  });

  it("moves only where the stage rules allow it", () => {
    const plan = planBulk(all, { kind: "move", stage: "applied" });
    expect(plan.steps).toEqual([{ kind: "event", job: saved, stage: "applied" }]);
    expect(plan.skipped.map((s) => [s.job.company, s.reason])).toEqual([
      ["Applied", "Applied cannot move to Applied"],
      ["Offer", "Offer cannot move to Applied"],
      ["Rejected", "it is rejected (locked until that step is undone)"],
    ]);
    expect(names(planBulk(all, { kind: "move", stage: "rejected" }).steps)).toEqual([
      "Saved",
      "Applied",
      "Offer",
    ]);
  });

  it("deletes every job, locked ones too", () => {
    expect(planBulk(all, { kind: "delete" }).steps.map((s) => s.kind)).toEqual([
      "delete",
      "delete",
      "delete",
      "delete",
    ]);
  });

  it("refuses a tag that could be no job's before planning", () => {
    expect(actionProblem({ kind: "add-tag", tag: "  " })).toBe(
      "A tag needs at least one character.",
    );
    expect(actionProblem({ kind: "add-tag", tag: "x".repeat(41) })).toBe(
      "A tag is at most 40 characters.",
    );
    expect(actionProblem({ kind: "add-tag", tag: "ok" })).toBeNull();
  });

  it("lists the ticked jobs' tags once each and words the outcome", () => {
    expect(tagsOf(all)).toEqual(["fintech", "Remote"]);
    expect(doneMessage({ kind: "priority", priority: 2 }, 3)).toBe(
      "Priority set to Medium on 3 jobs.",
    );
    expect(doneMessage({ kind: "move", stage: "applied" }, 1)).toBe("1 job moved to Applied.");
  });
});

describe("runAll", () => {
  it("runs at most `limit` at once, keeps order, and reports failures without rejecting", async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    const outcomes = await runAll(
      [1, 2, 3, 4, 5, 6, 7],
      async (n) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, n % 3));
        running -= 1;
        if (n === 4) throw new Error("four failed");
      },
      { limit: 3, onDone: (o) => done.push(o.item) },
    );
    expect(most).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(outcomes.map((o) => [o.item, o.error?.message ?? null])).toEqual([
      [1, null],
      [2, null],
      [3, null],
      [4, "four failed"],
      [5, null],
      [6, null],
      [7, null],
    ]);
  });
});
