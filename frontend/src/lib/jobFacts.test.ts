import { describe, expect, it } from "vitest";
import {
  DATED_NOTE_FIELDS,
  ENDED_STAGES,
  STAGES,
  type EventTypeValue,
  type StageValue,
} from "../generated/trackingSchema.js";
import { makeJob, makeEvent } from "../test/factories";
import { formatDate } from "./format";
import {
  eventDateText,
  lastActivity,
  lastActivityText,
  nextDate,
  relativeDays,
  stageOrder,
} from "./jobFacts";

describe("jobFacts", () => {
  it("says an inferred step's date is not known, wherever it would show it", () => {
    const inferred = makeEvent("interview", { event_date: "2026-11-21", inferred: true });
    const dated = makeEvent("interview", { event_date: "2026-11-21" });
    expect(eventDateText(inferred)).toBe("date not known");
    expect(eventDateText(dated)).toBe(formatDate("2026-11-21"));
    const job = makeJob({ events: [makeEvent("applied", { event_date: "2026-11-20" }), inferred] });
    expect(lastActivityText(job, "2026-11-26")).toBe("Interview (date not known)");
    expect(lastActivity(job)).toMatchObject({ stage: "interview", known: false });
    // Not coming either: its date is not known (as the calendar leaves it out).
    const ahead = makeEvent("interview", { event_date: "2026-12-01", inferred: true });
    expect(nextDate(makeJob({ events: [ahead] }), "2026-11-26")).toBeNull();
  });

  it("says how long ago the last step was", () => {
    expect(relativeDays("2026-11-26", "2026-11-26")).toBe("today");
    expect(relativeDays("2026-11-25", "2026-11-26")).toBe("yesterday");
    expect(relativeDays("2026-11-21", "2026-11-26")).toBe("5 d ago");
    expect(relativeDays("2026-11-05", "2026-11-26")).toBe("3 wk ago");
    expect(relativeDays("2026-07-01", "2026-11-26")).toBe("4 mo ago");
    expect(relativeDays("2026-11-28", "2026-11-26")).toBe("in 2 d");
  });

  it("reads the last activity from the latest event, or the day the job was saved", () => {
    const saved = makeJob({ events: [], created_at: "2026-11-20T10:00:00Z" });
    expect(lastActivity(saved).stage).toBe("saved");
    const applied = makeJob({
      events: [makeEvent("applied", { event_date: "2026-11-21" })],
    });
    expect(lastActivityText(applied, "2026-11-26")).toBe("Applied 5 d ago");
  });

  it("finds the next interview, the open offer's deadline or the start date", () => {
    const interviewing = makeJob({
      events: [
        makeEvent("applied", { event_date: "2026-11-01" }),
        makeEvent("interview", { event_date: "2026-12-03", event_time: "14:00" }),
      ],
    });
    expect(nextDate(interviewing, "2026-11-26")).toMatchObject({
      date: "2026-12-03",
      kind: "event",
      label: "Interview",
    });
    const offered = makeJob({
      events: [makeEvent("offer", { event_date: "2026-11-20", note: { deadline: "2026-12-01" } })],
    });
    expect(nextDate(offered, "2026-11-26")).toMatchObject({
      kind: "offer_deadline",
      date: "2026-12-01",
    });
    const accepted = makeJob({
      events: [
        makeEvent("offer", { event_date: "2026-11-20", note: { deadline: "2026-12-01" } }),
        makeEvent("accepted", { event_date: "2026-11-22", note: { start_date: "2027-01-04" } }),
      ],
    });
    // The deadline of an offer already accepted is not "next".
    expect(nextDate(accepted, "2026-11-26")).toMatchObject({
      kind: "start_date",
      date: "2027-01-04",
    });
    expect(nextDate(interviewing, "2026-12-04")).toBeNull();
    const rejected = { ...interviewing, stage: "rejected" as const };
    expect(nextDate(rejected, "2026-11-26")).toBeNull();
  });

  it("keeps a job's next date per job object and day: a changed job or a new day asks again", () => {
    const job = makeJob({
      events: [makeEvent("interview", { event_date: "2026-12-03", event_time: "14:00" })],
    });
    const first = nextDate(job, "2026-11-26");
    expect(nextDate(job, "2026-11-26")).toBe(first);
    // Another day: the interview has passed.
    expect(nextDate(job, "2026-12-04")).toBeNull();
    expect(nextDate(job, "2026-11-26")).toEqual(first);
    // A job is never changed in place: its new copy has its own answer.
    const moved = {
      ...job,
      events: [makeEvent("interview", { event_date: "2026-12-10", event_time: null })],
    };
    expect(nextDate(moved, "2026-11-26")).toMatchObject({ date: "2026-12-10" });
    expect(nextDate(job, "2026-11-26")).toMatchObject({ date: "2026-12-03" });
  });

  it("orders stages along the way, accepted first and ended jobs below every active one", () => {
    const at = (stage: StageValue, reached: StageValue[] = []) =>
      stageOrder({ stage, events: [...reached, stage].map((t) => makeEvent(t as EventTypeValue)) });
    expect(at("saved")).toBeLessThan(at("applied"));
    expect(at("offer")).toBeLessThan(at("accepted"));
    expect(at("rejected", ["applied"])).toBeLessThan(at("saved"));
    expect(at("withdrawn", ["offer"])).toBeLessThan(at("saved"));
    expect(at("declined", ["offer"])).toBeLessThan(at("saved"));
    // Among ended jobs: declined, rejected, withdrawn; each by the stage reached before.
    expect(at("rejected", ["offer"])).toBeLessThan(at("declined", ["offer"]));
    expect(at("withdrawn", ["offer"])).toBeLessThan(at("rejected", ["applied"]));
    expect(at("rejected", ["applied"])).toBeLessThan(at("rejected", ["applied", "interview"]));
  });

  describe.each(DATED_NOTE_FIELDS.map((d) => [`${d.event_type}.${d.field}`, d] as const))(
    "the dated note field %s (from the generated table)",
    (_, dated) => {
      const withDate = (stage: StageValue) =>
        makeJob({
          stage,
          events: [
            makeEvent(dated.event_type, {
              event_date: "2026-11-20",
              note: { [dated.field]: "2026-12-01" },
            }),
          ],
        });

      it("is the job's next date, with its kind and label", () => {
        expect(nextDate(withDate(dated.event_type), "2026-11-26")).toEqual({
          date: "2026-12-01",
          time: null,
          kind: dated.kind,
          label: dated.label,
        });
      });

      it.each(STAGES.map((s) => s.value))("counts or not for a job at %s", (stage) => {
        const open =
          !ENDED_STAGES.includes(stage) &&
          (dated.open_while === null || dated.open_while === stage);
        expect(nextDate(withDate(stage), "2026-11-26")?.kind ?? null).toBe(
          open ? dated.kind : null,
        );
      });

      it("is not read from another event type's note, nor from a date that is not one", () => {
        const other = STAGES.find(
          (s) =>
            s.value !== dated.event_type && s.value !== "saved" && !ENDED_STAGES.includes(s.value),
        )!.value as EventTypeValue;
        const job = makeJob({
          events: [
            makeEvent(other, { event_date: "2026-11-20", note: { [dated.field]: "2026-12-01" } }),
          ],
        });
        expect(nextDate(job, "2026-11-26")).toBeNull();
        const garbled = makeJob({
          stage: dated.event_type,
          events: [
            makeEvent(dated.event_type, {
              event_date: "2026-11-20",
              note: { [dated.field]: "1 Dec" },
            }),
          ],
        });
        expect(nextDate(garbled, "2026-11-26")).toBeNull();
      });
    },
  );

  it.each([...ENDED_STAGES])("has nothing ahead for a job at %s", (stage) => {
    const job = makeJob({
      stage,
      events: [makeEvent("interview", { event_date: "2026-12-03" })],
    });
    expect(nextDate(job, "2026-11-26")).toBeNull();
  });
});
