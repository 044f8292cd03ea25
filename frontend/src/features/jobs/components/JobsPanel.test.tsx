import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { createFakeServer, json, manyJobs } from "../../../test/fakeServer";
import { makeEvent, makeJob } from "../../../test/factories";
import { renderWithApp } from "../../../test/render";
import { JobsPanel } from "./JobsPanel";

const countText = () => document.querySelector(".count")?.textContent ?? "";
const list = () => screen.getByRole("list");

describe("JobsPanel", () => {
  it("finds a job that is not loaded yet: search goes to the API (113 jobs, Acme on page 2)", async () => {
    const jobs = manyJobs(113);
    jobs[112] = { ...jobs[112]!, company: "Acme", title: "Backend Engineer" };
    const server = createFakeServer({ jobs });
    const { user, address } = renderWithApp(<JobsPanel selectedId={null} />, { server });
    await waitFor(() => expect(countText()).toBe("Showing 100 jobs; there are more (Load more)."));
    expect(within(list()).queryByRole("link", { name: /Acme/ })).toBeNull();
    await user.type(screen.getByLabelText("Search company or title"), "acme");
    await waitFor(() => expect(countText()).toBe("1 job matches “acme”."));
    expect(within(list()).getByRole("link", { name: /Acme/ })).toHaveAttribute(
      "href",
      `/jobs/${jobs[112].id}?q=acme`,
    );
    expect(address()).toBe("/?q=acme");
    expect(
      server
        .requestsTo("GET", /^\/api\/tracked$/)
        .at(-1)
        ?.query.get("q"),
    ).toBe("acme");
  });

  it("takes its filters from the address and sends them all to the API", async () => {
    const server = createFakeServer({
      jobs: [
        makeJob({ company: "Initech", events: [makeEvent("applied")] }),
        makeJob({ company: "Globex", events: [makeEvent("offer"), makeEvent("accepted")] }),
      ],
    });
    renderWithApp(<JobsPanel selectedId={null} />, {
      server,
      path: "/?stage=applied&stage=accepted&active=true",
    });
    await waitFor(() =>
      expect(countText()).toBe("1 job matches your filters (Applied or Accepted, active only)."),
    );
    expect(screen.getByRole("checkbox", { name: "Applied" })).toBeChecked();
    expect(screen.getByRole("checkbox", { name: "Active only" })).toBeChecked();
    const sent = server.requestsTo("GET", /^\/api\/tracked$/).at(-1)!.query;
    expect(sent.getAll("stage")).toEqual(["applied", "accepted"]);
    expect(sent.get("active")).toBe("true");
    expect(within(list()).getByRole("link", { name: /Initech/ })).toBeInTheDocument();
  });

  it("choosing a stage adds it to the address; Clear filters removes them", async () => {
    const { user, address } = renderWithApp(<JobsPanel selectedId={null} />, {
      server: createFakeServer({ jobs: [makeJob()] }),
    });
    await waitFor(() => expect(countText()).toBe("1 job"));
    await user.click(screen.getByRole("checkbox", { name: "Offer" }));
    await waitFor(() => expect(countText()).toBe("No jobs match your filters (Offer)."));
    expect(address()).toBe("/?stage=offer");
    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(countText()).toBe("1 job"));
    expect(address()).toBe("/");
  });

  it("loads more pages with the same filters", async () => {
    const server = createFakeServer({ jobs: manyJobs(150) });
    const { user } = renderWithApp(<JobsPanel selectedId={null} />, { server });
    await user.click(await screen.findByRole("button", { name: "Load more" }));
    await waitFor(() => expect(countText()).toBe("150 jobs"));
    expect(within(list()).getAllByRole("link")).toHaveLength(150);
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull();
  });

  it("tells a new user what to do", async () => {
    renderWithApp(<JobsPanel selectedId={null} />);
    expect(await screen.findByText("Nothing tracked yet.")).toBeInTheDocument();
    expect(countText()).toBe("");
  });

  it("says when loading fails, with a retry", async () => {
    const server = createFakeServer({ jobs: [makeJob({ company: "One" })] });
    let failures = 1;
    server.intercept((r) =>
      r.path === "/api/tracked" && failures-- > 0
        ? json(500, { detail: "Something went wrong on our side and nothing was saved." })
        : undefined,
    );
    const { user } = renderWithApp(<JobsPanel selectedId={null} />, { server });
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Could not load your jobs: Something went wrong on our side",
    );
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("link", { name: /One/ })).toBeInTheDocument();
  });

  it("marks the open job", async () => {
    const job = makeJob({ company: "Open Co" });
    renderWithApp(<JobsPanel selectedId={job.id} />, { server: createFakeServer({ jobs: [job] }) });
    expect(await screen.findByRole("link", { name: /Open Co/ })).toHaveAttribute(
      "aria-current",
      "page",
    );
  });
});
