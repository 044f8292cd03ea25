import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { TrackedJob } from "../../../lib/apiTypes";
import { createFakeServer, json } from "../../../test/fakeServer";
import { makeEvent, makeJob } from "../../../test/factories";
import { renderWithApp } from "../../../test/render";
import { JobView } from "./JobView";

function show(job: TrackedJob) {
  const server = createFakeServer({ jobs: [job] });
  const onDeleted = vi.fn();
  const view = renderWithApp(<JobView jobId={job.id} backHref="/?q=acme" onDeleted={onDeleted} />, {
    server,
    path: `/jobs/${job.id}?q=acme`,
  });
  return { ...view, onDeleted };
}

const stageBadge = () => document.querySelector(".job-card-header .stage-badge");
const cardStates = () =>
  [...document.querySelectorAll<HTMLElement>(".stage-card")].map((c) => c.dataset.state);
const heading = () => screen.findByRole("heading", { level: 2 });

describe("JobView", () => {
  it("loads the job, focuses its heading, and links back to the list it came from", async () => {
    show(makeJob({ title: "SRE", company: "Globex" }));
    const h = await screen.findByRole("heading", { name: "SRE at Globex" });
    await waitFor(() => expect(h).toHaveFocus());
    expect(screen.getByRole("link", { name: /All jobs/ })).toHaveAttribute("href", "/?q=acme");
  });

  it("says so when the job is not there (deleted, or a wrong link)", async () => {
    const job = makeJob();
    const server = createFakeServer();
    renderWithApp(<JobView jobId={job.id} backHref="/" onDeleted={() => {}} />, { server });
    expect(await screen.findByRole("heading", { name: "This job is not here" })).toBeVisible();
    expect(screen.getByRole("link", { name: "Back to your jobs" })).toHaveAttribute("href", "/");
  });

  it("edits company, title and URL in place with the create form's checks", async () => {
    const job = makeJob({ company: "Acme", title: "Engineer", job_url: "https://acme.example/1" });
    const { user, server } = show(job);
    await heading();
    await user.click(screen.getByRole("button", { name: "Edit job" }));
    const form = screen.getByRole("form", { name: "Edit company, title and URL" });
    const company = within(form).getByLabelText(/^Company/);
    expect(company).toHaveFocus();
    expect(company).toHaveValue("Acme");
    expect(company).toHaveAttribute("maxLength", "200");
    await user.clear(company);
    await user.clear(within(form).getByLabelText("Posting URL"));
    await user.type(within(form).getByLabelText("Posting URL"), "acme.example");
    await user.click(within(form).getByRole("button", { name: "Save" }));
    expect(company).toHaveAccessibleDescription("Company is required.");
    expect(within(form).getByLabelText("Posting URL")).toHaveAccessibleDescription(
      "Use a full web address starting with http:// or https://.",
    );
    expect(server.requestsTo("PATCH", /./)).toHaveLength(0);
    await user.type(company, " Acme Corp ");
    await user.clear(within(form).getByLabelText("Posting URL"));
    await user.click(within(form).getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("heading", { name: "Engineer at Acme Corp" })).toBeVisible();
    // Only what changed; an emptied URL is removed.
    expect(server.requestsTo("PATCH", /./)[0]?.body).toEqual({
      company: "Acme Corp",
      job_url: null,
    });
    expect(screen.queryByRole("link", { name: /Job posting/ })).toBeNull();
    await waitFor(() =>
      expect(screen.getByRole("heading", { name: "Engineer at Acme Corp" })).toHaveFocus(),
    );
  });

  it("Escape leaves the in-place edit, asking first when something was typed", async () => {
    const { user } = show(makeJob({ title: "Engineer" }));
    await heading();
    await user.click(screen.getByRole("button", { name: "Edit job" }));
    await user.type(screen.getByLabelText(/^Job title/), " II");
    await user.keyboard("{Escape}");
    await user.click(screen.getByRole("button", { name: "Keep editing" }));
    expect(screen.getByLabelText(/^Job title/)).toHaveValue("Engineer II");
    await user.keyboard("{Escape}");
    await user.click(screen.getByRole("button", { name: "Discard" }));
    expect(screen.queryByRole("form", { name: "Edit company, title and URL" })).toBeNull();
  });

  it("a 409 refreshes the job: rejected elsewhere, Add, Cancel, and the page shows it", async () => {
    const job = makeJob({ events: [makeEvent("applied")] });
    const { user, server } = show(job);
    await heading();
    // Another tab rejects the job.
    server.setJob({
      ...job,
      stage: "rejected",
      events: [...job.events, makeEvent("rejected", { note: { reason: "Filled" } })],
    });
    await user.click(screen.getByRole("button", { name: "Add Screening" }));
    const dialog = screen.getByRole("dialog");
    await user.click(within(dialog).getByRole("button", { name: "Add Screening" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("This job is rejected");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(stageBadge()).toHaveTextContent("Rejected"));
    expect(new Set(cardStates())).toEqual(new Set(["rejected"]));
    expect(screen.getByRole("note")).toHaveTextContent("“Filled”");
  });

  it("rejecting (with a reason) locks every card; Undo in the toast unlocks them", async () => {
    const job = makeJob({ events: [makeEvent("applied"), makeEvent("screening")] });
    const { user, server } = show(job);
    await heading();
    await user.click(screen.getByRole("button", { name: "Mark as rejected…" }));
    const dialog = screen.getByRole("dialog", { name: "Mark Acme as rejected" });
    await user.type(within(dialog).getByLabelText("Reason"), "Position filled");
    await user.click(within(dialog).getByRole("button", { name: "Mark as rejected" }));
    await waitFor(() => expect(stageBadge()).toHaveTextContent("Rejected"));
    expect(server.requestsTo("POST", /events$/)[0]?.body).toMatchObject({
      event_type: "rejected",
      note: { reason: "Position filled" },
    });
    expect(new Set(cardStates())).toEqual(new Set(["rejected"]));
    expect(screen.getByRole("note")).toHaveTextContent("after Screening: “Position filled”");
    expect(screen.getByLabelText("Salary")).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Edit job" })).toBeNull();
    const toast = screen.getByText("Acme marked as rejected.").closest<HTMLElement>(".toast")!;
    await user.click(within(toast).getByRole("button", { name: "Undo" }));
    await waitFor(() => expect(stageBadge()).toHaveTextContent("Screening"));
    expect(cardStates()).toContain("next");
  });

  it("Undo on the card deletes the rejection and focus lands on the job", async () => {
    const job = makeJob({
      events: [makeEvent("applied"), makeEvent("rejected", { note: { reason: "No" } })],
    });
    const { user } = show(job);
    await heading();
    await user.click(screen.getByRole("button", { name: "Undo rejection" }));
    await waitFor(() => expect(stageBadge()).toHaveTextContent("Applied"));
    expect(screen.queryByRole("note")).toBeNull();
    await waitFor(() => expect(screen.getByRole("heading", { level: 2 })).toHaveFocus());
  });

  it("a failed undo is said in words", async () => {
    const { user, server } = show(makeJob({ events: [makeEvent("rejected")] }));
    await heading();
    server.intercept((r) =>
      r.method === "DELETE"
        ? json(503, { detail: "The database is unavailable right now." })
        : undefined,
    );
    await user.click(screen.getByRole("button", { name: "Undo rejection" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Could not undo the rejection: The database is unavailable right now.",
    );
  });

  it("adds a step from a Next card; interview rounds are listed by date", async () => {
    const job = makeJob({
      events: [
        makeEvent("interview", { event_date: "2026-01-20", note: { round: 2 } }),
        makeEvent("interview", { event_date: "2026-01-10", note: { round: 1 } }),
      ],
    });
    const { user } = show(job);
    await heading();
    const rounds = within(screen.getByRole("region", { name: "Interview" })).getAllByRole(
      "listitem",
    );
    expect(rounds.map((r) => r.querySelector("strong")?.textContent)).toEqual([
      "Interview round 1: ",
      "Interview round 2: ",
    ]);
    await user.click(screen.getByRole("button", { name: "Add Reference" }));
    await user.click(
      within(screen.getByRole("dialog")).getByRole("button", { name: "Add Reference" }),
    );
    await waitFor(() => expect(stageBadge()).toHaveTextContent("Reference"));
    // Focus goes back to the card, since its + Add button was replaced.
    await waitFor(() => expect(screen.getByRole("region", { name: "Reference" })).toHaveFocus());
  });

  it("deleting the latest step (Cancel focused, then confirmed) rolls the stage back", async () => {
    const job = makeJob({
      events: [makeEvent("applied"), makeEvent("offer"), makeEvent("accepted")],
    });
    const { user } = show(job);
    await heading();
    await user.click(screen.getByRole("button", { name: "Delete Accepted" }));
    const confirm = screen.getByRole("alertdialog", { name: "Delete Accepted?" });
    expect(within(confirm).getByRole("button", { name: "Cancel" })).toHaveFocus();
    await user.click(within(confirm).getByRole("button", { name: "Delete step" }));
    await waitFor(() => expect(stageBadge()).toHaveTextContent("Offer"));
    expect(screen.getByText("Deleted. Acme is back at Offer.")).toBeInTheDocument();
  });

  it("deletes the job after confirmation", async () => {
    const job = makeJob({ events: [makeEvent("applied")] });
    const { user, onDeleted, server } = show(job);
    await heading();
    await user.click(screen.getByRole("button", { name: "Delete job…" }));
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(server.requestsTo("DELETE", /./)).toHaveLength(0);
    await user.click(screen.getByRole("button", { name: "Delete job…" }));
    await user.click(screen.getByRole("button", { name: "Delete job" }));
    await waitFor(() => expect(onDeleted).toHaveBeenCalled());
    expect(server.job(job.id)).toBeUndefined();
  });
});
