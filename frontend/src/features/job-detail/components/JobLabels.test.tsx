import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { TrackedJob } from "../../../lib/apiTypes";
import { createFakeServer, json } from "../../../test/fakeServer";
import { makeEvent, makeJob } from "../../../test/factories";
import { renderWithApp } from "../../../test/render";
import { JobView } from "./JobView";

function show(job: TrackedJob, others: TrackedJob[] = []) {
  const server = createFakeServer({ jobs: [job, ...others] });
  const view = renderWithApp(<JobView jobId={job.id} backHref="/" onDeleted={() => {}} />, {
    server,
    path: `/jobs/${job.id}`,
  });
  return view;
}

const section = () => screen.getByRole("region", { name: "Priority and tags" });

describe("JobView: priority and tags", { timeout: 20_000 }, () => {
  it("saves a new priority at once", async () => {
    const job = makeJob({ company: "Globex", title: "SRE" });
    const { user, server } = show(job);
    await screen.findByRole("heading", { name: "SRE at Globex" });
    await user.selectOptions(within(section()).getByLabelText("Priority"), "High");
    expect(await within(section()).findByText("Saved")).toBeInTheDocument();
    expect(server.requestsTo("PATCH", /^\/api\/tracked\/\d+$/).map((r) => r.body)).toEqual([
      { priority: 3 },
    ]);
  });

  it("adds tags with Enter, suggests the user's other tags, removes with a button or Backspace", async () => {
    const job = makeJob({ company: "Globex", title: "SRE", tags: ["remote"] });
    const other = makeJob({ company: "Acme", tags: ["Fintech", "Remote"] });
    const { user, server } = show(job, [other]);
    await screen.findByRole("heading", { name: "SRE at Globex" });
    const input = within(section()).getByRole("combobox", { name: "Tags" });
    // Suggestions: the user's tags this job does not have yet.
    await waitFor(() =>
      expect(
        [...document.querySelectorAll(".tag-editor datalist option")].map((o) =>
          o.getAttribute("value"),
        ),
      ).toEqual(["Fintech"]),
    );
    await user.type(input, "Fintech{Enter}");
    await waitFor(() =>
      expect(within(section()).getByRole("list", { name: "Tags" })).toHaveTextContent(
        "remoteFintech",
      ),
    );
    await user.click(within(section()).getByRole("button", { name: "Remove tag remote" }));
    await waitFor(() => expect(input).toHaveFocus());
    await user.keyboard("{Backspace}");
    await waitFor(() =>
      expect(server.requestsTo("PATCH", /^\/api\/tracked\/\d+$/).map((r) => r.body)).toEqual([
        { tags: ["remote", "Fintech"] },
        { tags: ["Fintech"] },
        { tags: [] },
      ]),
    );
    expect(within(section()).queryByRole("list", { name: "Tags" })).toBeNull();
    expect(screen.getByText("Removed tag Fintech.")).toBeInTheDocument();
  });

  it("shows the server's refusal and keeps the job's own tags", async () => {
    const job = makeJob({ company: "Globex", title: "SRE" });
    const server = createFakeServer({ jobs: [job] });
    server.intercept((r) =>
      r.method === "PATCH"
        ? json(422, {
            detail: [{ loc: ["body", "tags", 0], msg: "String should have at most 40 characters" }],
            message: "tags[0]: String should have at most 40 characters",
          })
        : undefined,
    );
    const { user } = renderWithApp(<JobView jobId={job.id} backHref="/" onDeleted={() => {}} />, {
      server,
    });
    await screen.findByRole("heading", { name: "SRE at Globex" });
    await user.type(within(section()).getByRole("combobox", { name: "Tags" }), "ok{Enter}");
    expect(await within(section()).findByText(/^Not saved: .*40 characters/)).toBeVisible();
    expect(within(section()).queryByRole("list", { name: "Tags" })).toBeNull();
  });

  it("is locked with the job while it is rejected", async () => {
    const job = makeJob({ events: [makeEvent("applied"), makeEvent("rejected")], tags: ["a"] });
    show(job);
    await screen.findByRole("heading", { level: 2 });
    expect(within(section()).getByLabelText("Priority")).toBeDisabled();
    expect(within(section()).getByRole("combobox", { name: "Tags" })).toBeDisabled();
    expect(within(section()).getByRole("button", { name: "Remove tag a" })).toBeDisabled();
  });
});
