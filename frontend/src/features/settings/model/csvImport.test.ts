import { describe, expect, it } from "vitest";
import { formatDate } from "../../../lib/format";
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
  serverProblems,
  stepsText,
  webAddress,
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

describe("historyFor: the fewest steps that reach each status, the unknown ones inferred", () => {
  const D = "2026-10-05";
  const steps = (word: string) =>
    historyFor(guessStage(word), D).map((e) => `${e.event_type}${e.inferred ? " (inferred)" : ""}`);

  // The mapping table, row by row: only applied carries the sheet's date as a real date.
  it.each([
    ["Applied", ["applied"]],
    ["Phone screen", ["applied", "screening (inferred)"]],
    ["Screening", ["applied", "screening (inferred)"]],
    ["Interviewing", ["applied", "interview (inferred)"]],
    ["Interview", ["applied", "interview (inferred)"]],
    ["Offer", ["applied", "offer (inferred)"]],
    ["Accepted", ["applied", "offer (inferred)", "accepted (inferred)"]],
    ["Declined", ["applied", "offer (inferred)", "declined (inferred)"]],
    ["Rejected", ["applied", "rejected (inferred)"]],
    ["Ghosted", ["applied", "rejected (inferred)"]],
    ["No response", ["applied", "rejected (inferred)"]],
    ["Withdrawn", ["applied", "withdrawn (inferred)"]],
    ["Wishlist", []],
  ])("%s → %j", (word, expected) => {
    expect(steps(word)).toEqual(expected);
  });

  it("never invents an offer: only accepted and declined pass through one", () => {
    for (const word of ["Applied", "Interviewing", "Rejected", "Ghosted", "Withdrawn"]) {
      expect(steps(word).some((s) => s.startsWith("offer"))).toBe(false);
    }
  });

  it("dates every step with the sheet's date, and marks all but applied inferred", () => {
    expect(historyFor({ stage: "interview" }, D)).toEqual([
      { event_type: "applied", event_date: D, inferred: false },
      { event_type: "interview", event_date: D, inferred: true },
    ]);
  });

  it("writes the no-reply reason on a ghosted rejection, and the word on any rejection", () => {
    expect(historyFor(guessStage("Ghosted"), D)[1]).toEqual({
      event_type: "rejected",
      event_date: D,
      inferred: true,
      note: { reason: "ghosted", reason_category: "no_response" },
    });
    expect(historyFor(guessStage("No response"), D)[1]?.note).toEqual({
      reason: "no response",
      reason_category: "no_response",
    });
    expect(historyFor(guessStage("Rejected"), D)[1]?.note).toEqual({ reason: "rejected" });
  });

  it.each(STAGES.map((s) => [s.value] as const))(
    "brings a job to %s by events the API's TRANSITIONS accept",
    (stage) => {
      let at: StageValue = STAGES.find((s) => s.kind === "start")!.value;
      const history = historyFor({ stage }, D);
      for (const event of history) {
        expect(TRANSITIONS[at]).toContain(event.event_type);
        at = event.event_type;
      }
      expect(at).toBe(stage);
      if (history.length) expect(history[0]).toMatchObject({ event_type: "applied" });
    },
  );

  it("offers every stage as a status word's stage, in stage order", () => {
    expect(IMPORT_STAGES).toEqual(STAGES.map((s) => s.value));
  });

  it("says the steps in words, an inferred step's date as not known", () => {
    const format = (iso: string) => `<${iso}>`;
    expect(stepsText(historyFor({ stage: "interview" }, D), format)).toBe(
      "Applied <2026-10-05> → Interview (date not known)",
    );
    expect(stepsText([], format)).toBe("Saved");
  });
});

describe("webAddress", () => {
  it.each([
    ["https://acme.example/jobs/1", "https://acme.example/jobs/1", false],
    ["HTTP://acme.example", "HTTP://acme.example", false],
    ["careers.acme.com/jobs/42", "https://careers.acme.com/jobs/42", true],
    ["www.acme.com", "https://www.acme.com", true],
    ["jobs.example.co.uk/x?id=4#top", "https://jobs.example.co.uk/x?id=4#top", true],
  ])("%s → %s", (text, url, added) => {
    expect(webAddress(text)).toEqual({ url, added });
  });

  it.each(["see email", "ftp://acme.com/x", "acme", "mailto:hr@acme.com"])(
    "%s is no web address",
    (text) => {
      expect(webAddress(text)).toBeNull();
    },
  );
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
      Link: "initech.com/jobs/42",
      Status: "Ghosted",
      "Date Applied": "soon",
      Salary: "",
      Notes: "",
    },
    { Company: "", Role: "", Link: "", Status: "", "Date Applied": "", Salary: "", Notes: "" },
    {
      Company: "Globex",
      Role: "Ops",
      Link: "see email",
      Status: "Applied",
      "Date Applied": "05/04/2026",
      Salary: "",
      Notes: "",
    },
    {
      Company: "Hooli",
      Role: "SRE",
      Link: "",
      Status: "Wishlist",
      "Date Applied": "",
      Salary: "",
      Notes: "",
    },
  ];
  const options = { today: TODAY, dayOrder: "dmy" as const };
  const statuses = guessStatusMap(["Interviewing", "Ghosted", "Applied", "Wishlist"]);

  it("builds a version 1 document; a row without a readable date waits for the person", () => {
    const built = buildDocument(rows, mapping, statuses, options);
    expect(built.document.format).toBe("track-export");
    expect(built.document.version).toBe(1);
    expect(built.document.jobs).toEqual([
      {
        company: "Acme",
        title: "Engineer",
        job_url: "https://acme.example/jobs/1",
        notes: { salary: "90k", general_note: "Nice team" },
        events: [
          { event_type: "applied", event_date: "2026-01-05", inferred: false },
          { event_type: "interview", event_date: "2026-01-05", inferred: true },
        ],
      },
      {
        company: "Globex",
        title: "Ops",
        events: [{ event_type: "applied", event_date: "2026-04-05", inferred: false }],
      },
      // A saved job needs no date: it has no events.
      { company: "Hooli", title: "SRE", events: [] },
    ]);
    expect(built.rowNumbers).toEqual([2, 6, 7]);
    // Today is never used in place of an unreadable date: the row waits.
    expect(built.undated).toEqual([{ row: 4, company: "Initech", title: "Dev", raw: "soon" }]);
    expect(built.problems).toEqual([
      { row: 3, message: "No company: this row is left out." },
      {
        row: 6,
        message: `The date ${formatDate("2026-04-05")} is in the future: check it in the file.`,
      },
      { row: 6, message: "“see email” is not a web address; it is left out." },
    ]);
  });

  it("reads 05/04/2026 in the order the person chose", () => {
    const built = buildDocument(rows.slice(4, 5), mapping, statuses, {
      ...options,
      dayOrder: "mdy",
    });
    expect(built.document.jobs[0]?.events?.[0]?.event_date).toBe("2026-05-04");
  });

  it("takes the date the person picked for an undated row, or leaves the row out", () => {
    const picked = buildDocument(rows.slice(0, 3), mapping, statuses, {
      ...options,
      dateChoices: { 4: "2026-02-10" },
    });
    expect(picked.undated).toEqual([]);
    expect(picked.document.jobs[1]).toEqual({
      company: "Initech",
      title: "Dev",
      job_url: "https://initech.com/jobs/42",
      events: [
        { event_type: "applied", event_date: "2026-02-10", inferred: false },
        {
          event_type: "rejected",
          event_date: "2026-02-10",
          inferred: true,
          note: { reason: "ghosted", reason_category: "no_response" },
        },
      ],
    });
    expect(picked.problems.filter((p) => p.row === 4).map((p) => p.message)).toEqual([
      `“soon” is not a date Track can read: ${formatDate("2026-02-10")}, as you chose.`,
      "“initech.com/jobs/42” has no https://; imported as https://initech.com/jobs/42.",
    ]);
    const left = buildDocument(rows.slice(0, 3), mapping, statuses, {
      ...options,
      dateChoices: { 4: null },
    });
    expect(left.document.jobs.map((j) => j.company)).toEqual(["Acme"]);
    expect(left.undated).toEqual([]);
    expect(left.problems).toContainEqual({ row: 4, message: "No date: left out, as you chose." });
  });

  it("follows the status map the person chose", () => {
    const built = buildDocument(
      rows.slice(0, 1),
      mapping,
      { Interviewing: { stage: "offer" } },
      options,
    );
    expect(built.document.jobs[0]?.events?.map((e) => e.event_type)).toEqual(["applied", "offer"]);
  });

  it("treats every row as applied when no status column is chosen", () => {
    const built = buildDocument(rows.slice(0, 1), { ...mapping, status: "" }, {}, options);
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
