import { describe, expect, it } from "vitest";
import { STAGES, TRANSITIONS, type StageValue } from "../../../generated/trackingSchema.js";
import { jobAt, makeJob } from "../../../test/factories";
import {
  announce,
  BOARD_COLUMNS,
  canMove,
  columnOf,
  dropRefusal,
  groupByColumn,
  moveTargets,
} from "./boardModel";

const stages = STAGES.map((s) => s.value);
const rank = (s: StageValue) => STAGES.find((x) => x.value === s)!.rank;

describe("the board's columns", () => {
  it("run along the main line, then the outcomes", () => {
    expect(BOARD_COLUMNS.map((c) => c.stage)).toEqual([
      "saved",
      "applied",
      "screening",
      "interview",
      "reference",
      "offer",
      "accepted",
      "declined",
      "rejected",
      "withdrawn",
    ]);
    expect(BOARD_COLUMNS.filter((c) => c.outcome).map((c) => c.stage)).toEqual([
      "accepted",
      "declined",
      "rejected",
      "withdrawn",
    ]);
  });

  it("put a job in the column of its stage", () => {
    expect(columnOf(makeJob())).toBe("saved");
    expect(columnOf(jobAt("applied", "interview"))).toBe("interview");
  });

  it("group every job, keeping empty columns and the order given", () => {
    const a = jobAt("applied");
    const b = jobAt("applied");
    const c = jobAt("offer");
    const grouped = groupByColumn([a, c, b]);
    expect([...grouped.keys()]).toEqual(BOARD_COLUMNS.map((col) => col.stage));
    expect(grouped.get("applied")).toEqual([a, b]);
    expect(grouped.get("offer")).toEqual([c]);
    expect(grouped.get("saved")).toEqual([]);
  });
});

describe("where a card may move", () => {
  // Every stage against every column, checked against TRANSITIONS itself.
  for (const from of stages) {
    for (const to of stages) {
      const allowedNext = (TRANSITIONS[from] as readonly string[]).includes(to);
      const later = rank(to) === null || rank(to)! > rank(from)!;
      const expected = allowedNext && to !== from && later;
      it(`${from} → ${to}: ${expected ? "allowed" : "not allowed"}`, () => {
        expect(canMove(from, to)).toBe(expected);
        expect(moveTargets(from).includes(to as never)).toBe(expected);
      });
    }
  }

  it("never offers the column a card is in (a second interview round is not a move)", () => {
    expect(TRANSITIONS.interview).toContain("interview");
    expect(moveTargets("interview")).toEqual(["reference", "offer", "rejected", "withdrawn"]);
  });

  it("offers nothing from where a job ends", () => {
    expect(moveTargets("accepted")).toEqual([]);
    expect(moveTargets("declined")).toEqual([]);
    expect(moveTargets("rejected")).toEqual([]);
    expect(moveTargets("withdrawn")).toEqual([]);
  });

  it("lists targets in board order", () => {
    expect(moveTargets("saved")).toEqual([
      "applied",
      "screening",
      "interview",
      "reference",
      "offer",
      "rejected",
    ]);
    expect(moveTargets("offer")).toEqual(["accepted", "declined", "rejected", "withdrawn"]);
  });
});

describe("what a screen reader hears", () => {
  const job = makeJob({ company: "Acme", title: "Backend Engineer", events: [] });
  const applied = { ...job, stage: "applied" as const };

  it("names the card and the columns it can go to when picked up", () => {
    expect(announce.pickedUp(applied)).toBe(
      "Picked up Acme, Backend Engineer. Columns you can move it to: Screening, Interview, Reference, Offer, Rejected, Withdrawn. Use the arrow keys to choose one, Space to drop, Escape to cancel.",
    );
    expect(announce.pickedUp({ ...job, stage: "rejected" })).toMatch(/cannot move/);
    expect(announce.pickedUp({ ...job, stage: "withdrawn" })).toMatch(/cannot move/);
  });

  it("says whether the column under the card takes it", () => {
    expect(announce.over(applied, "interview")).toBe(
      "Over Interview. Drop to record interview for Acme.",
    );
    expect(announce.over(applied, "saved")).toBe("Not over a column Acme can move to.");
    expect(announce.over(applied, null)).toBe("Not over a column Acme can move to.");
  });

  it("says what a drop and a cancel did", () => {
    expect(announce.dropped(applied, "offer")).toMatch(/^Dropped on Offer\. Record it/);
    expect(announce.dropped(applied, null)).toBe("Not moved: Acme stays in Applied.");
    expect(announce.cancelled(applied)).toBe("Move cancelled: Acme stays in Applied.");
  });
});

describe("why a refused drop did not move the card (shown on screen)", () => {
  const job = makeJob({ company: "Acme", title: "Backend Engineer", events: [] });
  const at = (stage: StageValue) => ({ ...job, stage });

  it("names what the rule allows instead, in words a person can act on", () => {
    expect(dropRefusal(at("interview"), "applied")).toBe(
      "Not moved: Acme stays in Interview. Applied is behind Interview; to go back, delete the later step in the job's history.",
    );
    expect(dropRefusal(at("applied"), "saved")).toBe(
      "Not moved: Acme stays in Applied. A job cannot go back to Saved; delete a step in the job's history to undo it.",
    );
    expect(dropRefusal(at("applied"), "accepted")).toBe(
      "Not moved: Acme stays in Applied. Accepted only follows Offer.",
    );
    expect(announce.dropped(at("applied"), "accepted")).toBe(
      dropRefusal(at("applied"), "accepted"),
    );
  });

  it("says nothing for a move, its own column or no column", () => {
    expect(dropRefusal(at("applied"), "interview")).toBeNull();
    expect(dropRefusal(at("applied"), "applied")).toBeNull();
    expect(dropRefusal(at("applied"), null)).toBeNull();
  });
});
