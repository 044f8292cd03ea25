import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFakeServer, json, type FakeServer } from "../../../test/fakeServer";
import { renderWithApp } from "../../../test/render";
import type { ReportRow } from "../model/reportModel";
import { ReportView } from "./ReportView";

// 15 January 2027, noon local time: this month is 1-15 January, last month December 2026.
const TODAY = new Date(2027, 0, 15, 12);

const row = (fields: Partial<ReportRow> = {}): ReportRow => ({
  applied_date: "2027-01-05",
  company: "Acme",
  title: "Data Engineer",
  job_url: "https://acme.example/jobs/7/",
  how: "referral",
  contact: "Rita Referrer",
  stage: "interview",
  last_event_date: "2027-01-12",
  outcome: "interviewing",
  ...fields,
});

/** The report route: `rows(from, to)` answers each range asked for. */
function serve(rows: (from: string, to: string) => ReportRow[]): FakeServer {
  const server = createFakeServer();
  server.intercept((r) => {
    if (r.path !== "/api/report") return undefined;
    const from = r.query.get("from")!;
    const to = r.query.get("to")!;
    if (r.query.get("format") === "csv") {
      return new Response("applied_date,company\r\n2027-01-05,Acme\r\n", {
        status: 200,
        headers: { "Content-Type": "text/csv" },
      });
    }
    return json(200, { from, to, rows: rows(from, to) });
  });
  return server;
}

const asked = (server: FakeServer) =>
  server
    .requestsTo("GET", /^\/api\/report$/)
    .map((r) => `${r.query.get("from")}..${r.query.get("to")} ${r.query.get("format")}`);

let saved: { blob: Blob; name: string }[] = [];
beforeEach(() => {
  saved = [];
  localStorage.clear();
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

describe("ReportView", () => {
  it("shows this month's applications as a table in the user's words", async () => {
    const server = serve(() => [
      row(),
      row({
        applied_date: "2027-01-06",
        company: "Globex",
        title: "Analyst",
        job_url: null,
        how: null,
        contact: null,
        stage: "rejected",
        last_event_date: "2027-01-09",
        outcome: "rejected",
      }),
    ]);
    renderWithApp(<ReportView account="jo" today={TODAY} />, { server });
    const table = await screen.findByRole("table");
    expect(asked(server)).toEqual(["2027-01-01..2027-01-15 json"]);
    expect(
      within(table)
        .getAllByRole("columnheader")
        .map((th) => th.textContent),
    ).toEqual(["Date applied", "Company", "Position", "Link", "How", "Contact", "Outcome"]);
    const [, acme, globex] = within(table).getAllByRole("row");
    const cells = (tr: HTMLElement) =>
      within(tr)
        .getAllByRole("cell")
        .map((td) => td.textContent);
    expect(cells(acme!)).toEqual([
      expect.stringMatching(/Jan 5, 2027|5 Jan 2027/),
      "Acme",
      "Data Engineer",
      "acme.example/jobs/7",
      "Referral",
      "Rita Referrer",
      expect.stringMatching(/^InterviewingLast update (Jan 12, 2027|12 Jan 2027)$/),
    ]);
    expect(within(acme!).getByRole("link", { name: "acme.example/jobs/7" })).toHaveAttribute(
      "href",
      "https://acme.example/jobs/7/",
    );
    expect(cells(globex!).slice(1)).toEqual([
      "Globex",
      "Analyst",
      "None",
      "Not recorded",
      "None",
      expect.stringMatching(/^RejectedLast update/),
    ]);
    expect(screen.getByText("2 applications")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: /^Job applications, / })).toHaveTextContent(
      /January 1, 2027|1 January 2027/,
    );
    expect(document.title).toMatch(/^Job applications, /);
  });

  it("last month in January asks for December of the year before", async () => {
    const server = serve(() => [row()]);
    const { user } = renderWithApp(<ReportView account="jo" today={TODAY} />, { server });
    await screen.findByRole("table");
    await user.click(screen.getByRole("radio", { name: "Last month" }));
    await waitFor(() =>
      expect(asked(server)).toEqual(["2027-01-01..2027-01-15 json", "2026-12-01..2026-12-31 json"]),
    );
  });

  it("a custom range asks nothing while it is wrong, and says why", async () => {
    const server = serve(() => []);
    const { user } = renderWithApp(<ReportView account="jo" today={TODAY} />, { server });
    await screen.findByText("No applications in this period.");
    await user.click(screen.getByRole("radio", { name: "Custom" }));
    const from = screen.getByLabelText("From");
    const to = screen.getByLabelText("To");
    expect(from).toHaveValue("2027-01-01");
    await user.clear(to);
    await user.type(to, "2026-12-31");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The end date is before the start date.",
    );
    expect(screen.getByRole("button", { name: "Download CSV" })).toHaveAttribute(
      "aria-disabled",
      "true",
    );
    await user.clear(from);
    await user.type(from, "2026-11-01");
    await waitFor(() => expect(asked(server)).toContain("2026-11-01..2026-12-31 json"));
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(asked(server)).toHaveLength(2);
  });

  it("with no applications in the period, says what the report counts", async () => {
    renderWithApp(<ReportView account="jo" today={TODAY} />, { server: serve(() => []) });
    expect(await screen.findByText("No applications in this period.")).toBeInTheDocument();
    expect(screen.getByText(/by the date of its “Applied” step/)).toBeInTheDocument();
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
  });

  it("downloads the CSV of the chosen range as the API wrote it", async () => {
    const server = serve(() => [row()]);
    const { user } = renderWithApp(<ReportView account="jo" today={TODAY} />, { server });
    await screen.findByRole("table");
    await user.click(screen.getByRole("radio", { name: "Last month" }));
    await user.click(screen.getByRole("button", { name: "Download CSV" }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]!.name).toBe("track-report-2026-12-01-to-2026-12-31.csv");
    expect(await saved[0]!.blob.text()).toBe("applied_date,company\r\n2027-01-05,Acme\r\n");
    expect(asked(server)).toContain("2026-12-01..2026-12-31 csv");
  });

  it("keeps the name for the printout on this device, and prints", async () => {
    const print = vi.fn();
    vi.stubGlobal("print", print);
    const server = serve(() => [row()]);
    const first = renderWithApp(<ReportView account="jo" today={TODAY} />, { server });
    await screen.findByRole("table");
    expect(screen.getByText("Name:")).toBeInTheDocument();
    await first.user.type(screen.getByLabelText(/Your name/), "Jo Seeker");
    expect(screen.getByText("Name: Jo Seeker")).toBeInTheDocument();
    await first.user.click(screen.getByRole("button", { name: "Print" }));
    expect(print).toHaveBeenCalledOnce();
    first.unmount();
    const second = renderWithApp(<ReportView account="jo" today={TODAY} />, { server });
    expect(screen.getByLabelText(/Your name/)).toHaveValue("Jo Seeker");
    expect(server.requests.filter((r) => JSON.stringify(r).includes("Jo Seeker"))).toEqual([]);
    second.unmount();
    // Another account on the same device starts with an empty field.
    renderWithApp(<ReportView account="sam" today={TODAY} />, { server });
    expect(screen.getByLabelText(/Your name/)).toHaveValue("");
    vi.unstubAllGlobals();
  });

  it("says when the report cannot be loaded", async () => {
    const server = createFakeServer();
    server.intercept((r) =>
      r.path === "/api/report" ? json(500, { detail: "Nope." }) : undefined,
    );
    renderWithApp(<ReportView account="jo" today={TODAY} />, { server });
    expect(await screen.findByRole("alert", undefined, { timeout: 5000 })).toHaveTextContent(
      "Could not load the report: Nope.",
    );
  });
});
