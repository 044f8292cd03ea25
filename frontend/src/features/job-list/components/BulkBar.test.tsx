import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { createFakeServer, json } from "../../../test/fakeServer";
import { makeEvent, makeJob } from "../../../test/factories";
import { renderWithApp } from "../../../test/render";
import { JobsView } from "./JobsView";

vi.setConfig({ testTimeout: 30_000 });

function jobs() {
  return [
    makeJob({ company: "Acme", title: "SRE" }),
    makeJob({ company: "Globex", title: "Dev", tags: ["remote"] }),
    makeJob({
      company: "Initech",
      title: "PM",
      events: [makeEvent("applied"), makeEvent("rejected")],
    }),
  ];
}

async function setup(server = createFakeServer({ jobs: jobs() })) {
  const view = renderWithApp(<JobsView selectedId={null} />, { server });
  await screen.findByRole("link", { name: "Acme" });
  const tick = (company: string) =>
    screen.getByRole("checkbox", { name: new RegExp(`^Select ${company},`) });
  return { ...view, tick };
}

const bar = (count: string) => screen.findByRole("region", { name: `${count} selected` });

describe("BulkBar", () => {
  it("appears with the first tick and sets the ticked jobs' priority, one request each", async () => {
    const { user, tick, server } = await setup();
    expect(screen.queryByRole("region", { name: /selected/ })).toBeNull();
    await user.click(tick("Acme"));
    await user.click(tick("Globex"));
    const region = await screen.findByRole("region", { name: "2 jobs selected" });
    await user.selectOptions(within(region).getByLabelText("Priority"), "Medium");
    await user.click(within(region).getByRole("button", { name: "Set priority" }));
    expect(
      await within(region).findByText("Priority set to Medium on 2 jobs."),
    ).toBeInTheDocument();
    const patches = server.requestsTo("PATCH", /^\/api\/tracked\/\d+$/);
    expect(patches.map((r) => r.body)).toEqual([{ priority: 2 }, { priority: 2 }]);
    // The table shows it at once.
    const acme = screen.getByRole("row", { name: /^Select Acme,/ });
    expect(acme).toHaveTextContent("Medium");
  });

  it("adds a tag to jobs without it, and says which were skipped and why", async () => {
    const { user, server } = await setup();
    await user.click(screen.getByRole("checkbox", { name: "Select every job shown" }));
    const region = await bar("3 jobs");
    await user.type(within(region).getByLabelText("Tag to add"), "Remote");
    await user.click(within(region).getByRole("button", { name: "Add tag" }));
    expect(await within(region).findByText("Tag “Remote” added to 1 job.")).toBeInTheDocument();
    expect(within(region).getByText("Skipped 2:")).toBeInTheDocument();
    expect(
      within(region).getByText("Globex (Dev): it is already tagged “Remote”"),
    ).toBeInTheDocument();
    expect(
      within(region).getByText("Initech (PM): it is rejected (locked until that step is undone)"),
    ).toBeInTheDocument();
    expect(server.requestsTo("PATCH", /^\/api\/tracked\/\d+$/).map((r) => r.body)).toEqual([
      { tags: ["Remote"] },
    ]);
    // The tag's chip in a row filters the list by it, in the address.
    const acme = screen.getByRole("row", { name: /^Select Acme,/ });
    await user.click(within(acme).getByRole("button", { name: "Show jobs tagged Remote" }));
    expect(
      await screen.findByText("2 jobs match your filters (tagged “Remote”)."),
    ).toBeInTheDocument();
  });

  it("moves jobs where the rules allow it, dated today, with an Idempotency-Key each", async () => {
    const { user, tick, server } = await setup();
    await user.click(tick("Acme"));
    await user.click(tick("Initech"));
    const region = await bar("2 jobs");
    await user.selectOptions(within(region).getByLabelText(/^Stage to move to/), "Screening");
    await user.click(within(region).getByRole("button", { name: "Move" }));
    expect(await within(region).findByText("1 job moved to Screening.")).toBeInTheDocument();
    const [sent] = server.requestsTo("POST", /^\/api\/tracked\/\d+\/events$/);
    expect(sent?.body).toMatchObject({ event_type: "screening" });
    expect(sent?.headers["Idempotency-Key"]).toBeTruthy();
    expect(within(region).getByText(/^Initech \(PM\): it is rejected/)).toBeInTheDocument();
  });

  it("lists every failure with the server's reason, never silently", async () => {
    const server = createFakeServer({ jobs: jobs() });
    server.intercept((r) =>
      r.method === "PATCH" && r.body && (r.body as { priority?: number }).priority === 3
        ? json(503, { detail: "The job is busy; try again." })
        : undefined,
    );
    const { user, tick } = await setup(server);
    await user.click(tick("Acme"));
    await user.click(tick("Globex"));
    const region = await bar("2 jobs");
    await user.click(within(region).getByRole("button", { name: "Set priority" }));
    const alert = await within(region).findByRole("alert");
    expect(alert).toHaveTextContent("Priority set to High on 0 jobs. Could not change 2:");
    expect(alert).toHaveTextContent("Acme (SRE): The job is busy; try again.");
    expect(alert).toHaveTextContent("Globex (Dev): The job is busy; try again.");
  });

  it("deletes the ticked jobs after one confirmation naming the count", async () => {
    const { user, tick, server } = await setup();
    await user.click(tick("Acme"));
    await user.click(tick("Initech"));
    await user.click(within(await bar("2 jobs")).getByRole("button", { name: "Delete…" }));
    const confirm = await screen.findByRole("alertdialog", { name: "Delete 2 jobs?" });
    expect(confirm).toHaveAccessibleDescription(
      "Initech (PM), Acme (SRE): their steps and résumés are deleted for good.",
    );
    await user.click(within(confirm).getByRole("button", { name: "Delete 2 jobs" }));
    expect(await screen.findByText("2 jobs deleted.")).toBeInTheDocument();
    expect(server.requestsTo("DELETE", /^\/api\/tracked\/\d+$/)).toHaveLength(2);
    await waitFor(() => expect(screen.queryByRole("link", { name: "Acme" })).toBeNull());
    expect(screen.getByRole("link", { name: "Globex" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Jobs" })).toHaveFocus();
    await user.click(screen.getByRole("button", { name: "Close" }));
    expect(screen.queryByRole("region", { name: /selected/ })).toBeNull();
  });
});
