import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { todayIso } from "../../../lib/format";
import { createFakeServer, json, manyJobs, type FakeServer } from "../../../test/fakeServer";
import { makeEvent, makeJob } from "../../../test/factories";
import { renderWithApp } from "../../../test/render";
import { shortDate } from "../model/cells";
import { JobsView } from "./JobsView";

const countText = () => document.querySelector(".count")?.textContent ?? "";
const table = () => screen.getByRole("table", { name: "Jobs" });
/** The company column, top to bottom. */
const companies = () =>
  within(table())
    .getAllByRole("row")
    .slice(1)
    .map((row) => within(row).getAllByRole("cell")[1]!.textContent);
const header = (name: string) => screen.getByRole("columnheader", { name: new RegExp(`^${name}`) });
const sortBy = (name: string) => within(header(name)).getByRole("button");

/** A day relative to today, as YYYY-MM-DD. */
const day = (offset: number) => {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return todayIso(d);
};

function fourJobs() {
  return [
    makeJob({
      company: "beta",
      title: "Data Engineer",
      events: [makeEvent("applied", { event_date: day(-5) })],
      notes: { salary: "120k", location: "Berlin" },
    }),
    makeJob({
      company: "Alpha",
      title: "SRE",
      events: [
        makeEvent("applied", { event_date: day(-20) }),
        makeEvent("interview", { event_date: day(-3) }),
        makeEvent("interview", { event_date: day(4), event_time: "14:30:00" }),
      ],
    }),
    makeJob({ company: "Gamma", title: "PM", created_at: `${day(-1)}T10:00:00Z` }),
    makeJob({
      company: "Delta",
      title: "Backend",
      events: [
        makeEvent("applied", { event_date: day(-30) }),
        makeEvent("offer", { event_date: day(-5), note: { deadline: day(2) } }),
      ],
    }),
  ];
}

// Rendering many rows in jsdom is slow on a busy machine.
vi.setConfig({ testTimeout: 30_000 });
afterEach(() => vi.unstubAllGlobals());

describe("JobsView: the table", () => {
  it("shows each job's stage, last activity, next date, salary and location", async () => {
    renderWithApp(<JobsView selectedId={null} />, {
      server: createFakeServer({ jobs: fourJobs() }),
    });
    await waitFor(() => expect(countText()).toBe("4 jobs"));
    const beta = within(table()).getByRole("row", { name: /^Select beta,/ });
    expect(
      within(beta)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual([
      "",
      "beta",
      "Data Engineer",
      "—",
      "Applied",
      "Applied 5 d ago",
      "—",
      "120k",
      "Berlin",
    ]);
    const alpha = within(table()).getByRole("row", { name: /^Select Alpha,/ });
    expect(within(alpha).getAllByRole("cell")[6]).toHaveTextContent(
      `Interview · ${shortDate(day(4))}, 14:30`,
    );
    const delta = within(table()).getByRole("row", { name: /^Select Delta,/ });
    expect(within(delta).getAllByRole("cell")[5]).toHaveTextContent("Offer 5 d ago");
    expect(within(delta).getAllByRole("cell")[6]).toHaveTextContent("Offer deadline · in 2 d");
    expect(within(table()).getByRole("row", { name: /^Select Gamma,/ })).toHaveTextContent(
      "Saved yesterday",
    );
  });

  it("sorts by last activity first, then by each column, both ways, with aria-sort", async () => {
    const { user } = renderWithApp(<JobsView selectedId={null} />, {
      server: createFakeServer({ jobs: fourJobs() }),
    });
    await waitFor(() => expect(countText()).toBe("4 jobs"));
    // An interview dated ahead is Alpha's latest step; Delta and beta moved the same day.
    expect(companies()).toEqual(["Alpha", "Gamma", "Delta", "beta"]);
    expect(header("Last activity")).toHaveAttribute("aria-sort", "descending");

    await user.click(sortBy("Company"));
    expect(companies()).toEqual(["Alpha", "beta", "Delta", "Gamma"]);
    expect(header("Company")).toHaveAttribute("aria-sort", "ascending");
    expect(header("Last activity")).not.toHaveAttribute("aria-sort");
    await user.click(sortBy("Company"));
    expect(companies()).toEqual(["Gamma", "Delta", "beta", "Alpha"]);
    expect(header("Company")).toHaveAttribute("aria-sort", "descending");

    await user.click(sortBy("Stage"));
    expect(companies()).toEqual(["Delta", "Alpha", "beta", "Gamma"]);
    expect(header("Stage")).toHaveAttribute("aria-sort", "descending");

    await user.click(sortBy("Next date"));
    expect(companies()).toEqual(["Delta", "Alpha", "beta", "Gamma"]);
    await user.click(sortBy("Next date"));
    // Latest first; jobs with nothing ahead stay last, in company order.
    expect(companies()).toEqual(["Alpha", "Delta", "beta", "Gamma"]);

    await user.click(sortBy("Last activity"));
    expect(companies()).toEqual(["Alpha", "Gamma", "Delta", "beta"]);
    await user.click(sortBy("Last activity"));
    expect(companies()).toEqual(["beta", "Delta", "Gamma", "Alpha"]);
  });

  it("keeps the sort in the address: read on load, written on a click, default left out", async () => {
    const server = createFakeServer({ jobs: fourJobs() });
    const { user, address } = renderWithApp(<JobsView selectedId={null} />, {
      server,
      path: "/?active=true&sort=company",
    });
    await waitFor(() => expect(companies()).toEqual(["Alpha", "beta", "Delta", "Gamma"]));
    expect(header("Company")).toHaveAttribute("aria-sort", "ascending");
    await user.click(sortBy("Company"));
    expect(address()).toBe("/?active=true&sort=-company");
    expect(companies()).toEqual(["Gamma", "Delta", "beta", "Alpha"]);
    // A filter changed keeps the sort; the sort is never sent to the API.
    await user.click(screen.getByRole("checkbox", { name: "Active only" }));
    expect(address()).toBe("/?sort=-company");
    expect(server.requestsTo("GET", /^\/api\/tracked$/).some((r) => r.query.has("sort"))).toBe(
      false,
    );
    await user.click(sortBy("Last activity"));
    expect(address()).toBe("/");
    expect(header("Last activity")).toHaveAttribute("aria-sort", "descending");
  });

  it("ranks ended jobs below active ones by stage, furthest first, accepted on top", async () => {
    const server = createFakeServer({
      jobs: [
        makeJob({ company: "Rejected", events: [makeEvent("applied"), makeEvent("rejected")] }),
        makeJob({ company: "Offer", events: [makeEvent("applied"), makeEvent("offer")] }),
        makeJob({ company: "Saved" }),
        makeJob({ company: "Accepted", events: [makeEvent("offer"), makeEvent("accepted")] }),
      ],
    });
    renderWithApp(<JobsView selectedId={null} />, { server, path: "/?sort=stage" });
    await waitFor(() => expect(companies()).toEqual(["Accepted", "Offer", "Saved", "Rejected"]));
  });

  it("breaks ties by company whichever way a column sorts", async () => {
    const jobs = ["Zed", "abe", "Mia"].map((company) => makeJob({ company }));
    const { user } = renderWithApp(<JobsView selectedId={null} />, {
      server: createFakeServer({ jobs }),
    });
    await waitFor(() => expect(countText()).toBe("3 jobs"));
    await user.click(sortBy("Stage"));
    expect(companies()).toEqual(["abe", "Mia", "Zed"]);
    await user.click(sortBy("Stage"));
    expect(companies()).toEqual(["abe", "Mia", "Zed"]);
  });

  it("holds every page before it sorts, and says so meanwhile (two pages)", async () => {
    const [first, second] = [fourJobs().slice(0, 3), [makeJob({ company: "Aardvark" })]];
    const server = createFakeServer();
    // Two pages as the API sends them (500 a page in the app; four jobs here).
    server.intercept((r) =>
      r.path === "/api/tracked" && r.method === "GET"
        ? r.query.get("cursor")
          ? json(200, { items: second, next_cursor: null })
          : json(200, { items: first, next_cursor: "page-2" })
        : undefined,
    );
    let release!: () => void;
    const secondPage = new Promise<void>((resolve) => (release = resolve));
    const held: FakeServer = {
      ...server,
      fetch: async (input, init) => {
        if ((input instanceof Request ? input.url : input.toString()).includes("cursor="))
          await secondPage;
        return server.fetch(input, init);
      },
    };
    const { user } = renderWithApp(<JobsView selectedId={null} />, { server: held });
    await waitFor(() =>
      expect(countText()).toBe("Loading all your jobs (3 so far); sorted once every one is in."),
    );
    await user.click(sortBy("Company"));
    // No column claims to be sorted while a page is missing; rows keep the server's order.
    expect(header("Company")).not.toHaveAttribute("aria-sort");
    expect(companies()).toEqual(["beta", "Alpha", "Gamma"]);
    expect(table().closest("[aria-busy]")).toHaveAttribute("aria-busy", "true");
    release();
    await waitFor(() => expect(countText()).toBe("4 jobs"));
    expect(header("Company")).toHaveAttribute("aria-sort", "ascending");
    expect(companies()).toEqual(["Aardvark", "Alpha", "beta", "Gamma"]);
    const pages = server.requestsTo("GET", /^\/api\/tracked$/);
    expect(pages.map((r) => [r.query.get("limit"), r.query.get("cursor")])).toEqual([
      ["500", null],
      ["500", "page-2"],
    ]);
  });

  it("opens a job from its row by click and from its link by keyboard, keeping the filters", async () => {
    const job = makeJob({ company: "Initech", title: "Dev" });
    const { user, address } = renderWithApp(<JobsView selectedId={null} />, {
      server: createFakeServer({ jobs: [job] }),
      path: "/?q=ini",
    });
    await user.click(await screen.findByRole("cell", { name: "Dev" }));
    expect(address()).toBe(`/jobs/${job.id}?q=ini`);
    const link = screen.getByRole("link", { name: "Initech" });
    expect(link).toHaveAttribute("href", `/jobs/${job.id}?q=ini`);
  });

  it("marks the open job and hides salary and location beside it", async () => {
    const job = makeJob({ company: "Open Co" });
    renderWithApp(<JobsView selectedId={job.id} narrow />, {
      server: createFakeServer({ jobs: [job] }),
    });
    expect(await screen.findByRole("link", { name: "Open Co" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    expect(screen.queryByRole("columnheader", { name: "Salary" })).toBeNull();
    expect(screen.queryByRole("columnheader", { name: "Location" })).toBeNull();
  });

  it("sends search, stages and active only to the API from the address", async () => {
    const server = createFakeServer({
      jobs: [
        makeJob({ company: "Initech", events: [makeEvent("applied")] }),
        makeJob({ company: "Globex", events: [makeEvent("offer"), makeEvent("accepted")] }),
      ],
    });
    renderWithApp(<JobsView selectedId={null} />, {
      server,
      path: "/?stage=applied&stage=accepted&active=true",
    });
    await waitFor(() =>
      expect(countText()).toBe("1 job matches your filters (Applied or Accepted, active only)."),
    );
    const sent = server.requestsTo("GET", /^\/api\/tracked$/).at(-1)!.query;
    expect(sent.getAll("stage")).toEqual(["applied", "accepted"]);
    expect(sent.get("active")).toBe("true");
    expect(companies()).toEqual(["Initech"]);
  });

  it("says when loading fails, with a retry", async () => {
    const server = createFakeServer({ jobs: [makeJob({ company: "One" })] });
    let failures = 1;
    server.intercept((r) =>
      r.path === "/api/tracked" && failures-- > 0
        ? json(500, { detail: "Something went wrong on our side and nothing was saved." })
        : undefined,
    );
    const { user } = renderWithApp(<JobsView selectedId={null} />, { server });
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Could not load your jobs: Something went wrong on our side",
    );
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("link", { name: "One" })).toBeInTheDocument();
  });
});

describe("JobsView: a long list", () => {
  it("draws its rows in steps, every job in the end, and a sort reorders them all", async () => {
    const jobs = manyJobs(140);
    const { user } = renderWithApp(<JobsView selectedId={null} />, {
      server: createFakeServer({ jobs }),
    });
    await waitFor(() => expect(countText()).toBe("140 jobs"));
    expect(companies().length).toBeLessThan(140);
    await waitFor(() => expect(companies()).toHaveLength(140), { timeout: 10_000 });
    await user.click(sortBy("Company"));
    const byName = jobs
      .map((j) => j.company)
      .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    await waitFor(() => expect(companies()).toEqual(byName));
    expect(header("Company")).toHaveAttribute("aria-sort", "ascending");
  });

  it("draws a short list at once", async () => {
    renderWithApp(<JobsView selectedId={null} />, {
      server: createFakeServer({ jobs: manyJobs(60) }),
    });
    await waitFor(() => expect(countText()).toBe("60 jobs"));
    expect(companies()).toHaveLength(60);
  });
});

describe("JobsView: empty states", () => {
  it("a first visit explains the stages and offers to track the first job", async () => {
    const { user } = renderWithApp(<JobsView selectedId={null} />);
    expect(await screen.findByRole("heading", { name: "Nothing tracked yet" })).toBeVisible();
    expect(
      screen.getByText(
        "Save a job, record each step — applied, screening, interview, reference, offer — and Track shows what comes next.",
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole("search")).toBeNull();
    expect(screen.queryByRole("table")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Track your first job" }));
    expect(await screen.findByRole("dialog", { name: "Track a job" })).toBeInTheDocument();
  });

  it("a search with no match says so and clears the filters", async () => {
    const { user, address } = renderWithApp(<JobsView selectedId={null} />, {
      server: createFakeServer({ jobs: [makeJob({ company: "Acme" })] }),
      path: "/?q=zzz&active=true",
    });
    expect(await screen.findByRole("heading", { name: "No jobs match" })).toBeInTheDocument();
    expect(countText()).toBe("No jobs match your filters (“zzz”, active only).");
    const clear = screen.getAllByRole("button", { name: "Clear filters" });
    await user.click(clear.at(-1)!);
    await waitFor(() => expect(countText()).toBe("1 job"));
    expect(address()).toBe("/");
    expect(companies()).toEqual(["Acme"]);
  });
});

describe("JobsView on a phone", () => {
  it("lists the jobs with the same facts instead of a table", async () => {
    vi.stubGlobal("matchMedia", (query: string) => ({
      matches: query.includes("max-width: 640px"),
      addEventListener: () => {},
      removeEventListener: () => {},
    }));
    const { user } = renderWithApp(<JobsView selectedId={null} />, {
      server: createFakeServer({ jobs: fourJobs() }),
    });
    const list = await screen.findByRole("list", { name: "Jobs" });
    expect(screen.queryByRole("table")).toBeNull();
    const items = within(list).getAllByRole("link");
    expect(items.map((a) => a.querySelector(".jobs-list-company")?.textContent)).toEqual([
      "Alpha",
      "Gamma",
      "Delta",
      "beta",
    ]);
    const beta = within(list).getByRole("link", { name: /^beta/ });
    expect(beta).toHaveTextContent("Data Engineer");
    expect(beta).toHaveTextContent("Applied 5 d ago");
    expect(beta.querySelector(".jobs-list-extra")).toHaveTextContent("120k · Berlin");
    expect(within(list).getByRole("link", { name: /^Delta/ })).toHaveTextContent(
      "Offer deadline · in 2 d",
    );
    await user.selectOptions(screen.getByLabelText("Sort by"), "company:ascending");
    expect(
      within(list)
        .getAllByRole("link")
        .map((a) => a.querySelector(".jobs-list-company")?.textContent),
    ).toEqual(["Alpha", "beta", "Delta", "Gamma"]);
  });
});
