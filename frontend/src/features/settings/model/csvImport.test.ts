import { describe, expect, it } from "vitest";
import { STAGES, TRANSITIONS, type StageValue } from "../../../generated/trackingSchema.js";
import {
  IMPORT_STAGES,
  batches,
  buildDocument,
  distinctStatuses,
  guessMapping,
  guessStage,
  guessStatusMap,
  historyFor,
  parseDate,
  serverProblems,
  type ColumnMapping,
} from "./csvImport";

const TODAY = "2026-03-01";

const mapping: ColumnMapping = {
  company: "Company",
  title: "Role",
  url: "Link",
  status: "Status",
  applied: "Date Applied",
  salary: "Salary",
  location: "",
  notes: "Notes",
};

describe("guessMapping", () => {
  it("guesses columns from header names, ignoring case, spaces and underscores", () => {
    expect(
      guessMapping(["Company", "Role", "Link", "Status", "Date Applied", "Salary", "Notes"]),
    ).toEqual(mapping);
    expect(
      guessMapping(["company_name", "job_title", "URL", "stage", "applied_on", "city"]),
    ).toEqual({
      company: "company_name",
      title: "job_title",
      url: "URL",
      status: "stage",
      applied: "applied_on",
      salary: "",
      location: "city",
      notes: "",
    });
  });

  it("leaves a field empty when no column fits, and gives a column to one field only", () => {
    const guessed = guessMapping(["Employer", "Foo", "Date"]);
    expect(guessed.company).toBe("Employer");
    expect(guessed.title).toBe("");
    expect(guessed.applied).toBe("Date");
    expect(Object.values(guessed).filter((c) => c === "Date")).toHaveLength(1);
  });
});

describe("guessStage", () => {
  it.each([
    ["Applied", "applied"],
    ["Interviewing", "interview"],
    ["Interview", "interview"],
    ["Phone screen", "screening"],
    ["Offer", "offer"],
    ["Accepted", "accepted"],
    ["Withdrawn", "withdrawn"],
    ["Withdrew", "withdrawn"],
    ["Declined", "declined"],
    ["Wishlist", "saved"],
    ["Saved", "saved"],
    ["Something odd", "applied"],
    ["", "applied"],
  ])("%s → %s", (word, stage) => {
    expect(guessStage(word).stage).toBe(stage);
  });

  it("takes the reason of a rejection from the word", () => {
    expect(guessStage("Rejected")).toEqual({ stage: "rejected", reason: "rejected" });
    expect(guessStage("Ghosted")).toEqual({ stage: "rejected", reason: "ghosted" });
    expect(guessStage(" No  response ")).toEqual({ stage: "rejected", reason: "no response" });
  });

  it("lists each status word once, in order, and guesses a map", () => {
    const rows = [{ S: "Applied" }, { S: " Offer" }, { S: "Applied" }, { S: "" }];
    expect(distinctStatuses(rows, "S")).toEqual(["Applied", "Offer", ""]);
    expect(distinctStatuses(rows, "")).toEqual([]);
    expect(guessStatusMap(["Offer"])).toEqual({ Offer: { stage: "offer" } });
  });
});

describe("parseDate", () => {
  it.each([
    ["2026-01-05", "2026-01-05"],
    ["2026/1/5", "2026-01-05"],
    ["2026-01-05T10:00:00Z", "2026-01-05"],
    ["5.1.2026", "2026-01-05"],
    ["1/5/2026", "2026-01-05"],
    ["25/12/2025", "2025-12-25"],
    ["2026-02-30", null],
    ["yesterday", null],
    ["", null],
  ])("%s → %s", (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });
});

describe("historyFor", () => {
  const types = (stage: Parameters<typeof historyFor>[0]["stage"], date: string | null) =>
    historyFor({ stage }, date, TODAY).map((e) => `${e.event_type}@${e.event_date}`);

  it("starts from applied and adds the stage, dated as applied or today", () => {
    expect(types("saved", "2026-01-05")).toEqual([]);
    expect(types("applied", "2026-01-05")).toEqual(["applied@2026-01-05"]);
    expect(types("interview", "2026-01-05")).toEqual([
      "applied@2026-01-05",
      "interview@2026-01-05",
    ]);
    expect(types("screening", null)).toEqual(["applied@2026-03-01", "screening@2026-03-01"]);
  });

  it("withdraws after applying, never through an invented offer", () => {
    expect(types("withdrawn", "2026-01-05")).toEqual([
      "applied@2026-01-05",
      "withdrawn@2026-01-05",
    ]);
  });

  it("puts an offer before accepted and declined", () => {
    expect(types("accepted", "2026-01-05")).toEqual([
      "applied@2026-01-05",
      "offer@2026-01-05",
      "accepted@2026-01-05",
    ]);
    expect(types("declined", null).map((t) => t.split("@")[0])).toEqual([
      "applied",
      "offer",
      "declined",
    ]);
  });

  it.each(STAGES.map((s) => [s.value, s.kind] as const))(
    "brings a job to %s by events the API's TRANSITIONS accept, with or without a date",
    (stage, kind) => {
      for (const date of ["2026-01-05", null]) {
        let at: StageValue = STAGES.find((s) => s.kind === "start")!.value;
        const history = historyFor({ stage }, date, TODAY);
        for (const event of history) {
          expect(TRANSITIONS[at]).toContain(event.event_type);
          expect(event.event_date).toBe(date ?? TODAY);
          at = event.event_type;
        }
        expect(at).toBe(stage);
        // The date column is the day the user applied: the history says so, except for a job
        // still at the start and an undated rejection.
        const fromApplied = kind !== "start" && !(kind === "rejected" && date === null);
        expect(history[0]?.event_type === "applied").toBe(fromApplied);
      }
    },
  );

  it("offers every stage as a status word's stage, in stage order", () => {
    expect(IMPORT_STAGES).toEqual(STAGES.map((s) => s.value));
  });

  it("rejects with the reason, after applied only when there is a date", () => {
    expect(historyFor({ stage: "rejected", reason: "ghosted" }, "2026-01-05", TODAY)).toEqual([
      { event_type: "applied", event_date: "2026-01-05" },
      {
        event_type: "rejected",
        event_date: "2026-01-05",
        note: { reason: "ghosted", reason_category: "no_response" },
      },
    ]);
    expect(historyFor({ stage: "rejected" }, null, TODAY)).toEqual([
      { event_type: "rejected", event_date: TODAY },
    ]);
  });
});

describe("buildDocument", () => {
  const rows = [
    {
      Company: "Acme",
      Role: "Engineer",
      Link: "https://acme.example/jobs/1",
      Status: "Interviewing",
      "Date Applied": "2026-01-05",
      Salary: "90k",
      Notes: "Nice team",
    },
    {
      Company: "",
      Role: "Nobody",
      Link: "",
      Status: "Applied",
      "Date Applied": "",
      Salary: "",
      Notes: "",
    },
    {
      Company: "Initech",
      Role: "Dev",
      Link: "initech.com",
      Status: "Ghosted",
      "Date Applied": "soon",
      Salary: "",
      Notes: "",
    },
    { Company: "", Role: "", Link: "", Status: "", "Date Applied": "", Salary: "", Notes: "" },
  ];

  it("builds a version 1 export document with events, notes and row numbers", () => {
    const built = buildDocument(rows, mapping, guessStatusMap(["Interviewing", "Ghosted"]), TODAY);
    expect(built.document.format).toBe("track-export");
    expect(built.document.version).toBe(1);
    expect(built.document.jobs).toEqual([
      {
        company: "Acme",
        title: "Engineer",
        job_url: "https://acme.example/jobs/1",
        notes: { salary: "90k", general_note: "Nice team" },
        events: [
          { event_type: "applied", event_date: "2026-01-05" },
          { event_type: "interview", event_date: "2026-01-05" },
        ],
      },
      {
        company: "Initech",
        title: "Dev",
        events: [
          {
            event_type: "rejected",
            event_date: TODAY,
            note: { reason: "ghosted", reason_category: "no_response" },
          },
        ],
      },
    ]);
    expect(built.rowNumbers).toEqual([2, 4]);
    expect(built.problems).toEqual([
      { row: 3, message: "No company: this row is left out." },
      { row: 4, message: "“soon” is not a date Track can read (use YYYY-MM-DD); today is used." },
      {
        row: 4,
        message: "“initech.com” is not a web address (http:// or https://); it is left out.",
      },
    ]);
  });

  it("follows the status map the person chose", () => {
    const built = buildDocument(
      rows.slice(0, 1),
      mapping,
      { Interviewing: { stage: "offer" } },
      TODAY,
    );
    expect(built.document.jobs[0]?.events?.map((e) => e.event_type)).toEqual(["applied", "offer"]);
  });

  it("treats every row as applied when no status column is chosen", () => {
    const built = buildDocument(rows.slice(0, 1), { ...mapping, status: "" }, {}, TODAY);
    expect(built.document.jobs[0]?.events?.map((e) => e.event_type)).toEqual(["applied"]);
  });
});

describe("batches and server problems", () => {
  it("splits a document into parts of at most 200 jobs", () => {
    const document = {
      format: "track-export" as const,
      version: 1 as const,
      jobs: Array.from({ length: 450 }, (_, i) => ({ company: `C${i}`, title: "T" })),
    };
    const parts = batches(document);
    expect(parts.map((p) => [p.start, p.document.jobs.length])).toEqual([
      [0, 200],
      [200, 200],
      [400, 50],
    ]);
    expect(parts[1]?.document.jobs[0]?.company).toBe("C200");
    expect(parts[0]?.document.format).toBe("track-export");
    expect(batches({ ...document, jobs: [] })).toEqual([]);
  });

  it("maps jobs[i]... back to the CSV row of the batch's job", () => {
    const rowNumbers = [2, 3, 5, 6];
    expect(
      serverProblems(
        [
          {
            loc: ["body", "jobs", 1, "events", 0, "note", "round"],
            msg: "Input should be greater than or equal to 1",
          },
          { loc: ["body", "jobs", 0, "company"], msg: "String should have at most 200 characters" },
          { loc: ["body", "format"], msg: "Input should be 'track-export'" },
        ],
        2,
        rowNumbers,
      ),
    ).toEqual([
      { row: 6, message: "events[0].note.round: At least 1." },
      { row: 5, message: "company: At most 200 characters." },
      { row: 0, message: "Input should be 'track-export'" },
    ]);
    expect(serverProblems([{ loc: ["body", "jobs", 3], msg: "bad" }], 0, null)).toEqual([
      { row: 4, message: "bad" },
    ]);
  });
});
