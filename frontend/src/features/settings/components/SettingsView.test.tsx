import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFakeServer, json, type FakeServer } from "../../../test/fakeServer";
import { renderWithApp } from "../../../test/render";
import type { ImportDocument } from "../model/csvImport";
import { SettingsView } from "./SettingsView";

const EXPORT = {
  format: "track-export",
  version: 1,
  exported_at: "2026-03-01T10:00:00Z",
  jobs: [
    {
      company: "Acme",
      title: "Engineer",
      job_url: null,
      notes: { salary: null, location: null, general_note: null, resume_filename: null },
      created_at: "2026-01-01T10:00:00Z",
      events: [
        {
          event_type: "applied",
          event_date: "2026-01-02",
          event_time: null,
          location: null,
          note: {},
        },
      ],
    },
  ],
};

/** The import route: duplicates are jobs whose company is in `existing`; `refuse(doc)` may
 * answer a 422 or a 503 for a document. */
function importRoute(
  server: FakeServer,
  {
    existing = [] as string[],
    similar = [] as string[],
    refuse,
  }: {
    existing?: string[];
    /** Companies whose jobs a dry run names as possible duplicates of job 7 ("Engineer"). */
    similar?: string[];
    refuse?: (doc: ImportDocument, dry: boolean) => Response | undefined;
  } = {},
) {
  server.intercept((r) => {
    if (r.path !== "/api/import") return undefined;
    const doc = r.body as ImportDocument;
    const dry = r.query.get("dry_run") === "true";
    const refused = refuse?.(doc, dry);
    if (refused) return refused;
    const skipped = doc.jobs.filter((j) => existing.includes(j.company)).length;
    const created = doc.jobs.length - skipped;
    return json(dry ? 200 : 201, {
      created,
      skipped_duplicates: skipped,
      job_ids: dry ? [] : Array.from({ length: created }, (_, i) => i + 1),
      contacts_created: 0,
      possible_duplicates: dry
        ? doc.jobs.flatMap((j, index) =>
            similar.includes(j.company)
              ? [
                  {
                    index,
                    jobs: [
                      {
                        id: 7,
                        company: j.company,
                        title: "Engineer",
                        stage: "applied",
                        reason: "similar",
                      },
                    ],
                  },
                ]
              : [],
          )
        : [],
    });
  });
}

const file = (name: string, text: string, type = "text/csv") => new File([text], name, { type });

let saved: { blob: Blob; name: string }[] = [];
beforeEach(() => {
  saved = [];
  URL.createObjectURL = vi.fn((blob: Blob) => {
    saved.push({ blob, name: "" });
    return "blob:track/1";
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    saved.at(-1)!.name = this.download;
  });
});
afterEach(() => vi.restoreAllMocks());

describe("Export", () => {
  it("downloads the JSON export through the API client and saves it as a file", async () => {
    const server = createFakeServer();
    server.intercept((r) => (r.path === "/api/export" ? json(200, EXPORT) : undefined));
    const { user } = renderWithApp(<SettingsView />, { server });
    await user.click(screen.getByRole("button", { name: "Download JSON" }));
    expect(await screen.findByText("Exported 1 job.")).toBeInTheDocument();
    expect(saved).toHaveLength(1);
    expect(saved[0]!.name).toMatch(/^track-export-\d{4}-\d{2}-\d{2}\.json$/);
    expect(JSON.parse(await saved[0]!.blob.text())).toEqual(EXPORT);
    expect(server.requestsTo("GET", /^\/api\/export$/)[0]!.query.get("format")).toBe("json");
  });

  it("downloads the CSV export as it came, for a spreadsheet", async () => {
    const server = createFakeServer();
    const csv = "company,title\r\nAcme,Engineer\r\nGlobex,Designer\r\n";
    server.intercept((r) =>
      r.path === "/api/export" && r.query.get("format") === "csv"
        ? new Response(csv, { status: 200, headers: { "Content-Type": "text/csv" } })
        : undefined,
    );
    const { user } = renderWithApp(<SettingsView />, { server });
    await user.click(screen.getByRole("button", { name: "Download CSV" }));
    expect(await screen.findByText("Exported 2 jobs.")).toBeInTheDocument();
    expect(saved[0]!.name).toMatch(/^track-export-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(await saved[0]!.blob.text()).toBe(csv);
  });

  it("says when the export fails", async () => {
    const server = createFakeServer();
    server.intercept((r) =>
      r.path === "/api/export" ? json(500, { detail: "Nope." }) : undefined,
    );
    const { user } = renderWithApp(<SettingsView />, { server });
    await user.click(screen.getByRole("button", { name: "Download JSON" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not export: Nope.");
    expect(saved).toHaveLength(0);
  });
});

describe("Import a Track export (JSON)", () => {
  it("dry-runs, shows what will be created and skipped, then imports", async () => {
    const server = createFakeServer();
    const doc = { ...EXPORT, jobs: [EXPORT.jobs[0]!, { ...EXPORT.jobs[0]!, company: "Globex" }] };
    importRoute(server, { existing: ["Acme"] });
    const { user } = renderWithApp(<SettingsView />, { server });
    await user.upload(
      screen.getByLabelText("Choose a file to import"),
      file("export.json", JSON.stringify(doc), "application/json"),
    );
    expect(
      await screen.findByText(
        "1 job will be created, 1 skipped as a duplicate of jobs you already have.",
      ),
    ).toBeInTheDocument();
    const dry = server.requestsTo("POST", /^\/api\/import$/);
    expect(dry).toHaveLength(1);
    expect(dry[0]!.query.get("dry_run")).toBe("true");
    expect(dry[0]!.body).toEqual(doc);
    await user.click(screen.getByRole("button", { name: "Import 1 job" }));
    expect(await screen.findByText("1 job created, 1 skipped as duplicates.")).toBeInTheDocument();
    const real = server.requestsTo("POST", /^\/api\/import$/).at(-1)!;
    expect(real.query.get("dry_run")).toBe("false");
    expect(real.headers["Idempotency-Key"]).toBeTruthy();
  });

  it("names the jobs that look like ones already tracked, and leaves out those ticked", async () => {
    const server = createFakeServer();
    const doc = {
      ...EXPORT,
      jobs: [
        { ...EXPORT.jobs[0]!, company: "Initech", title: "Senior Engineer" },
        { ...EXPORT.jobs[0]!, company: "Globex" },
      ],
    };
    importRoute(server, { similar: ["Initech"] });
    const { user } = renderWithApp(<SettingsView />, { server });
    await user.upload(
      screen.getByLabelText("Choose a file to import"),
      file("export.json", JSON.stringify(doc), "application/json"),
    );
    const group = await screen.findByRole("group", {
      name: "1 job looks like one you already track",
    });
    expect(group).toHaveTextContent("similar to Initech — Engineer (Applied)");
    // Not left out unless asked: both would be imported.
    expect(screen.getByRole("button", { name: "Import 2 jobs" })).toBeInTheDocument();
    await user.click(screen.getByRole("checkbox", { name: /Leave out Job 1: Initech/ }));
    await user.click(screen.getByRole("button", { name: "Import 1 job" }));
    expect(await screen.findByText(/1 job created/)).toBeInTheDocument();
    const real = server.requestsTo("POST", /^\/api\/import$/).at(-1)!;
    expect(real.query.get("dry_run")).toBe("false");
    expect((real.body as ImportDocument).jobs.map((j) => j.company)).toEqual(["Globex"]);
  });

  it("refuses a file that is not a Track export before sending anything", async () => {
    const server = createFakeServer();
    const { user } = renderWithApp(<SettingsView />, { server });
    await user.upload(
      screen.getByLabelText("Choose a file to import"),
      file("other.json", '{"hello": 1}', "application/json"),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent("is not a Track export");
    expect(server.requestsTo("POST", /import/)).toHaveLength(0);
  });
});

const CSV = [
  "Company,Role,Link,Status,Date Applied,Pay,Notes",
  "Acme,Engineer,https://acme.example/1,Interviewing,2026-01-05,90k,Nice",
  "Globex,Analyst,,Ghosted,2026-01-06,,",
  ",Nobody,,Applied,,,",
  "Initech,Dev,,Wishlist,,,",
].join("\n");

describe("Import a CSV", () => {
  it("guesses the mapping, maps statuses, previews with problems at their rows", async () => {
    const server = createFakeServer();
    importRoute(server, {
      refuse: (doc) =>
        doc.jobs.some((j) => j.company === "Globex")
          ? json(422, {
              detail: [
                {
                  loc: ["body", "jobs", 1, "events", 1, "note", "reason"],
                  msg: "String should have at most 5 characters",
                  type: "string_too_long",
                },
              ],
            })
          : undefined,
    });
    const { user } = renderWithApp(<SettingsView />, { server });
    await user.upload(screen.getByLabelText("Choose a file to import"), file("jobs.csv", CSV));
    expect(await screen.findByText(/4 rows, 7 columns/)).toBeInTheDocument();
    expect(screen.getByLabelText("Company (required)")).toHaveValue("Company");
    expect(screen.getByLabelText("Job title (required)")).toHaveValue("Role");
    expect(screen.getByLabelText("Posting URL")).toHaveValue("Link");
    expect(screen.getByLabelText("Date applied")).toHaveValue("Date Applied");
    expect(screen.getByLabelText("Salary")).toHaveValue("Pay");
    expect(screen.getByLabelText("Location")).toHaveValue("");
    expect(screen.getByLabelText("“Interviewing” means")).toHaveValue("interview");
    expect(screen.getByLabelText("“Ghosted” means")).toHaveValue("rejected");
    expect(screen.getByLabelText("“Applied” means")).toHaveValue("applied");
    expect(screen.getByLabelText("“Wishlist” means")).toHaveValue("saved");
    await user.selectOptions(screen.getByLabelText("“Interviewing” means"), "screening");
    await user.click(screen.getByRole("button", { name: "Check the import" }));

    expect(await screen.findByText(/The server refused part of this file/)).toBeInTheDocument();
    const problems = within(document.querySelector<HTMLElement>(".import-problems")!)
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(problems).toEqual([
      "Row 3: events[1].note.reason: At most 5 characters.",
      "Row 4: No company: this row is left out.",
    ]);
    expect(screen.queryByRole("button", { name: /^Import/ })).toBeNull();
    const sent = server.requestsTo("POST", /import/)[0]!.body as ImportDocument;
    const steps = (j: ImportDocument["jobs"][number]) =>
      j.events?.map((e) => `${e.event_type}${e.inferred ? "?" : ""}`);
    expect(sent.jobs.map((j) => [j.company, steps(j)])).toEqual([
      ["Acme", ["applied", "screening?"]],
      ["Globex", ["applied", "rejected?"]],
      ["Initech", []],
    ]);
    expect(sent.jobs[0]!.notes).toEqual({ salary: "90k", general_note: "Nice" });
    expect(sent.jobs[1]!.events?.[1]).toEqual({
      event_type: "rejected",
      event_date: "2026-01-06",
      inferred: true,
      note: { reason: "ghosted", reason_category: "no_response" },
    });
  });

  it("shows each row's steps, flags dates and links, and waits for the person's dates", async () => {
    const server = createFakeServer();
    importRoute(server, {});
    const sheet = [
      "Company,Position,Status,Date Applied,Link",
      "Acme,Engineer,Interviewing,5 Oct 2026,careers.acme.com/jobs/42",
      "Globex,Analyst,Offer,,https://globex.example/1",
      "Initech,Dev,Applied,2999-01-01,",
      "Hooli,SRE,Ghosted,someday,",
    ].join("\n");
    const { user } = renderWithApp(<SettingsView />, { server });
    await user.upload(screen.getByLabelText("Choose a file to import"), file("s.csv", sheet));
    expect(await screen.findByLabelText("Dates in “Date Applied”")).toBeInTheDocument();
    expect(screen.getByRole("note")).toHaveTextContent(/Chosen from your browser’s language/);
    await user.click(screen.getByRole("button", { name: "Check the import" }));

    expect(await screen.findByText("2 rows have no date Track can read")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Import/ })).toBeNull();
    const table = screen.getByRole("table");
    expect(
      within(table).getByText(/Applied .* → Interview \(date not known\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/has no https:\/\/; imported as https:\/\/careers.acme.com/),
    ).toBeInTheDocument();
    expect(screen.getByText(/is in the future/)).toBeInTheDocument();
    // Nothing undated was sent.
    const first = server.requestsTo("POST", /import/)[0]!.body as ImportDocument;
    expect(first.jobs.map((j) => j.company)).toEqual(["Acme", "Initech"]);

    fireEvent.change(screen.getByLabelText(/Row 3: Globex, Analyst \(no date\)/), {
      target: { value: "2026-09-01" },
    });
    await user.click(screen.getByLabelText("Leave row 5 out"));
    await user.click(screen.getByRole("button", { name: "Use these dates" }));
    await user.click(await screen.findByRole("button", { name: "Import 3 jobs" }));
    const sent = server.requestsTo("POST", /import/).at(-1)!.body as ImportDocument;
    expect(sent.jobs.map((j) => j.company)).toEqual(["Acme", "Globex", "Initech"]);
    expect(sent.jobs[0]!.job_url).toBe("https://careers.acme.com/jobs/42");
    expect(sent.jobs[1]!.events).toEqual([
      { event_type: "applied", event_date: "2026-09-01", inferred: false },
      { event_type: "offer", event_date: "2026-09-01", inferred: true },
    ]);
  });

  it("asks for the required columns", async () => {
    const server = createFakeServer();
    const { user } = renderWithApp(<SettingsView />, { server });
    await user.upload(
      screen.getByLabelText("Choose a file to import"),
      file("x.csv", "Firm,Thing\nA,B\n"),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Choose the column for company and job title.",
    );
    await user.selectOptions(screen.getByLabelText("Company (required)"), "Firm");
    await user.selectOptions(screen.getByLabelText("Job title (required)"), "Thing");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("imports 450 rows in batches of 200 with progress, and retries a failed batch", async () => {
    const rows = Array.from(
      { length: 450 },
      (_, i) => `Company ${i + 1},Engineer,Applied,2026-01-05`,
    );
    const server = createFakeServer();
    let failOnce = true;
    importRoute(server, {
      refuse: (doc, dry) => {
        if (!dry && doc.jobs[0]?.company === "Company 201" && failOnce) {
          failOnce = false;
          return json(500, { detail: "The database hiccupped." });
        }
        return undefined;
      },
    });
    const { user } = renderWithApp(<SettingsView />, { server });
    await user.upload(
      screen.getByLabelText("Choose a file to import"),
      file("big.csv", ["Company,Title,Status,Date applied", ...rows].join("\n")),
    );
    await user.click(await screen.findByRole("button", { name: "Check the import" }));
    await user.click(await screen.findByRole("button", { name: "Import 450 jobs" }));
    expect(
      await screen.findByText("250 jobs created, 0 skipped as duplicates, 1 batch failed."),
    ).toBeInTheDocument();
    expect(screen.getByText(/Jobs 201–400: The database hiccupped./)).toBeInTheDocument();
    const progress = document.querySelector("progress")!;
    expect(progress).toHaveAttribute("max", "450");
    expect(progress).toHaveAttribute("value", "450");
    const real = server
      .requestsTo("POST", /import/)
      .filter((r) => r.query.get("dry_run") === "false");
    expect(real.map((r) => (r.body as ImportDocument).jobs.length)).toEqual([200, 200, 50]);
    const failedKey = real[1]!.headers["Idempotency-Key"];

    await user.click(screen.getByRole("button", { name: "Retry the failed batch" }));
    expect(
      await screen.findByText("450 jobs created, 0 skipped as duplicates."),
    ).toBeInTheDocument();
    const retry = server.requestsTo("POST", /import/).at(-1)!;
    expect((retry.body as ImportDocument).jobs[0]!.company).toBe("Company 201");
    expect(retry.headers["Idempotency-Key"]).toBe(failedKey);
    const dry = server
      .requestsTo("POST", /import/)
      .filter((r) => r.query.get("dry_run") === "true");
    expect(dry).toHaveLength(3);
    await waitFor(() => expect(within(document.body).queryByText(/Importing/)).toBeNull());
  });
});
