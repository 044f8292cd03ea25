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
const history = () =>
  [...document.querySelectorAll<HTMLElement>(".timeline-item")].map(
    (item) => item.querySelector(".timeline-title")?.textContent,
  );
const heading = () => screen.findByRole("heading", { level: 2 });

// Typing through whole forms is slow on a busy machine.
describe("JobView", { timeout: 20_000 }, () => {
  it("focuses its heading without a ring when opened by pointer, with one after a keyboard", async () => {
    const job = makeJob({ title: "SRE", company: "Globex" });
    show(job);
    const h = await screen.findByRole("heading", { name: "SRE at Globex" });
    await waitFor(() => expect(h).toHaveFocus());
    // Nothing had keyboard focus before (a click on a row): the focus is quiet.
    expect(h).toHaveAttribute("data-quiet-focus");
    h.blur();
    expect(h).not.toHaveAttribute("data-quiet-focus");
  });

  it("loads the job, focuses its heading, and links back to the list it came from", async () => {
    show(makeJob({ title: "SRE", company: "Globex" }));
    const h = await screen.findByRole("heading", { name: "SRE at Globex" });
    await waitFor(() => expect(h).toHaveFocus());
    expect(screen.getByRole("link", { name: /All jobs/ })).toHaveAttribute("href", "/?q=acme");
  });

  it("shows an inferred step's date as not known, with no calendar button", async () => {
    show(
      makeJob({
        company: "Globex",
        title: "SRE",
        events: [
          makeEvent("applied", { event_date: "2026-01-05" }),
          makeEvent("interview", { event_date: "2099-01-05", inferred: true, note: { round: 1 } }),
        ],
      }),
    );
    await screen.findByRole("heading", { name: "SRE at Globex" });
    const item = document.querySelector<HTMLElement>('.timeline-item[data-stage="interview"]')!;
    expect(within(item).getByText("date not known")).toBeInTheDocument();
    expect(item.textContent).not.toMatch(/2099/);
    expect(within(item).queryByRole("button", { name: /calendar/i })).toBeNull();
  });

  it("says so when the job is not there (deleted, or a wrong link)", async () => {
    const job = makeJob();
    const server = createFakeServer();
    renderWithApp(<JobView jobId={job.id} backHref="/" onDeleted={() => {}} />, { server });
    expect(await screen.findByRole("heading", { name: "This job is not here" })).toBeVisible();
    expect(screen.getByRole("link", { name: "Back to your jobs" })).toHaveAttribute("href", "/");
  });

  it("adds https:// to a URL typed without it in Edit job, says so and saves it", async () => {
    const job = makeJob({ company: "Acme", title: "Engineer", job_url: null });
    const { user, server } = show(job);
    await heading();
    await user.click(screen.getByRole("button", { name: "Edit job" }));
    const form = screen.getByRole("form", { name: "Edit company, title and URL" });
    await user.type(within(form).getByLabelText("Posting URL"), "careers.acme.com/jobs/42");
    await user.click(within(form).getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(server.requestsTo("PATCH", /./)[0]?.body).toEqual({
        job_url: "https://careers.acme.com/jobs/42",
      }),
    );
    expect(await screen.findByRole("link", { name: /Job posting/ })).toHaveAttribute(
      "href",
      "https://careers.acme.com/jobs/42",
    );
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
    await user.type(within(form).getByLabelText("Posting URL"), "acme example");
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

  it("a 409 refreshes the job: rejected elsewhere, record, Cancel, and the page shows it", async () => {
    const job = makeJob({ events: [makeEvent("applied")] });
    const { user, server } = show(job);
    await heading();
    // Another tab rejects the job.
    server.setJob({
      ...job,
      stage: "rejected",
      events: [...job.events, makeEvent("rejected", { note: { reason: "Filled" } })],
    });
    await user.click(screen.getByRole("button", { name: "Record screening" }));
    const dialog = screen.getByRole("dialog");
    await user.click(within(dialog).getByRole("button", { name: "Record screening" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("This job is rejected");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(stageBadge()).toHaveTextContent("Rejected"));
    expect(screen.queryByRole("group", { name: "Next step" })).toBeNull();
    expect(screen.queryByRole("button", { name: /^Edit / })).toBeNull();
    expect(screen.getByRole("note")).toHaveTextContent("Filled");
  });

  it("rejecting (a reason and details) locks the job with a line saying why; Undo in the toast", async () => {
    const job = makeJob({ events: [makeEvent("applied"), makeEvent("screening")] });
    const { user, server } = show(job);
    await heading();
    await user.click(screen.getByRole("button", { name: "Mark as rejected" }));
    const dialog = screen.getByRole("dialog", { name: "Mark as rejected" });
    await user.selectOptions(within(dialog).getByLabelText("Reason"), "position_filled");
    await user.type(within(dialog).getByLabelText("Details"), "Went with another candidate");
    await user.click(within(dialog).getByRole("button", { name: "Mark as rejected" }));
    await waitFor(() => expect(stageBadge()).toHaveTextContent("Rejected"));
    expect(server.requestsTo("POST", /events$/)[0]?.body).toMatchObject({
      event_type: "rejected",
      note: { reason_category: "position_filled", reason: "Went with another candidate" },
    });
    const banner = screen.getByRole("note");
    expect(banner).toHaveTextContent(
      /Rejected on .* · Position filled · Went with another candidate/,
    );
    expect(banner).toHaveTextContent("locked while the job is rejected");
    expect(screen.getByRole("group", { name: "Progress of Acme" })).toHaveTextContent(
      "rejected here",
    );
    expect(screen.getByLabelText("Salary")).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Edit job" })).toBeNull();
    expect(screen.queryByRole("button", { name: /^(Edit|Delete) Screening/ })).toBeNull();
    const toast = screen.getByText("Acme marked as rejected.").closest<HTMLElement>(".toast")!;
    await user.click(within(toast).getByRole("button", { name: "Undo" }));
    await waitFor(() => expect(stageBadge()).toHaveTextContent("Screening"));
    expect(screen.getByRole("button", { name: "Record interview" })).toBeVisible();
  });

  it("withdrawing (a confirmation with an optional reason) locks the job; Undo in the toast", async () => {
    const job = makeJob({ events: [makeEvent("applied"), makeEvent("screening")] });
    const { user, server } = show(job);
    await heading();
    await user.click(screen.getByRole("button", { name: "Withdraw…" }));
    const dialog = screen.getByRole("dialog", { name: "Withdraw the application" });
    expect(dialog).toHaveTextContent(
      "locked: no more steps or edits until you undo the withdrawal",
    );
    await user.type(within(dialog).getByLabelText("Reason"), "Took another offer");
    await user.click(within(dialog).getByRole("button", { name: "Withdraw the application" }));
    await waitFor(() => expect(stageBadge()).toHaveTextContent("Withdrawn"));
    expect(server.requestsTo("POST", /events$/)[0]?.body).toMatchObject({
      event_type: "withdrawn",
      note: { reason: "Took another offer" },
    });
    const banner = screen.getByRole("note");
    expect(banner).toHaveTextContent(/Withdrawn on .* · Took another offer/);
    expect(banner).toHaveTextContent("locked while the job is withdrawn");
    expect(within(banner).getByRole("button", { name: "Undo withdrawal" })).toBeVisible();
    // The only thing left to do is undo: no next step, no edits.
    expect(screen.queryByRole("group", { name: "Next step" })).toBeNull();
    expect(screen.getByRole("group", { name: "Progress of Acme" })).toHaveTextContent(
      "withdrawn here",
    );
    expect(screen.getByLabelText("Salary")).toBeDisabled();
    const toast = screen.getByText("Acme marked as withdrawn.").closest<HTMLElement>(".toast")!;
    await user.click(within(toast).getByRole("button", { name: "Undo" }));
    await waitFor(() => expect(stageBadge()).toHaveTextContent("Screening"));
    expect(screen.getByRole("button", { name: "Withdraw…" })).toBeVisible();
  });

  it("a saved job offers no Withdraw (there is no application to withdraw)", async () => {
    show(makeJob({ events: [] }));
    await heading();
    expect(screen.queryByRole("button", { name: "Withdraw…" })).toBeNull();
    expect(screen.getByRole("button", { name: "Mark as rejected" })).toBeVisible();
  });

  it("Undo on the banner deletes the rejection and focus lands on the job", async () => {
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

  it("offers one next step; the others are in a menu worked by the keyboard", async () => {
    const job = makeJob({
      events: [
        makeEvent("applied", { event_date: "2026-01-05" }),
        makeEvent("interview", { event_date: "2026-01-20", note: { round: 2 } }),
        makeEvent("interview", { event_date: "2026-01-10", note: { round: 1 } }),
      ],
    });
    const { user } = show(job);
    await heading();
    const next = screen.getByRole("group", { name: "Next step" });
    expect(
      within(next)
        .getAllByRole("button")
        .map((b) => b.textContent),
    ).toEqual(["Record interview round 3", "Other step…", "Mark as rejected", "Withdraw…"]);
    const menuButton = within(next).getByRole("button", { name: "Other step…" });
    expect(menuButton).toHaveAttribute("aria-haspopup", "menu");
    menuButton.focus();
    await user.keyboard("{ArrowDown}");
    const menu = screen.getByRole("menu");
    const items = within(menu).getAllByRole("menuitem");
    expect(items.map((i) => i.textContent)).toEqual(["Record references", "Record offer"]);
    expect(items[0]).toHaveFocus();
    await user.keyboard("{ArrowDown}");
    expect(items[1]).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("menu")).toBeNull();
    expect(menuButton).toHaveFocus();
    await user.keyboard("{Enter}");
    await user.click(screen.getByRole("menuitem", { name: "Record references" }));
    const dialog = screen.getByRole("dialog", { name: "Record references" });
    await user.click(within(dialog).getByRole("button", { name: "Record references" }));
    await waitFor(() => expect(stageBadge()).toHaveTextContent("Reference"));
    // Focus goes back to the next step, since the menu item is gone.
    await waitFor(() => expect(document.activeElement?.textContent).toBe("Record offer"));
  });

  it("shows the history newest first by date, each step in words", async () => {
    const job = makeJob({
      events: [
        makeEvent("applied", {
          event_date: "2026-01-05",
          note: { type: "referral", referrer_name: "Dana" },
        }),
        makeEvent("interview", {
          event_date: "2026-01-20",
          event_time: "14:30:00",
          location: "Office",
          note: { round: 2, type: "video", interviewers: "Sam" },
        }),
        makeEvent("interview", {
          event_date: "2026-01-10",
          location: "Hauptstraße 5, Berlin",
          note: { round: 1 },
        }),
      ],
    });
    show(job);
    await heading();
    expect(history()).toEqual(["Interview round 2", "Interview round 1", "Applied"]);
    const round2 = screen.getByText("Interview round 2").closest("li")!;
    expect(round2).toHaveTextContent("14:30 · Office");
    // "Office" reads as no address: text. An address is a map search (a phone's maps app).
    expect(within(round2).queryByRole("link", { name: /Office/ })).toBeNull();
    const round1 = screen.getByText("Interview round 1").closest("li")!;
    expect(within(round1).getByRole("link", { name: /Hauptstraße 5, Berlin/ })).toHaveAttribute(
      "href",
      "https://www.google.com/maps/search/?api=1&query=Hauptstra%C3%9Fe%205%2C%20Berlin",
    );
    expect(round2).toHaveTextContent("Video · with Sam");
    expect(screen.getByText("Referral from Dana")).toBeVisible();
    // Edit on every step, Delete on the latest added only.
    expect(screen.getAllByRole("button", { name: /^Edit (Interview|Applied)/ })).toHaveLength(3);
    expect(screen.getAllByRole("button", { name: /^Delete (Interview|Applied)/ })).toHaveLength(1);
    expect(screen.getByRole("button", { name: "Delete Interview round 1" })).toBeVisible();
  });

  it("edits a step from the history", async () => {
    const event = makeEvent("screening", { note: { with_person: "Sam" } });
    const { user } = show(makeJob({ events: [makeEvent("applied"), event] }));
    await heading();
    await user.click(screen.getByRole("button", { name: "Edit Screening" }));
    const dialog = screen.getByRole("dialog", { name: "Edit screening" });
    await user.clear(within(dialog).getByLabelText("With"));
    await user.type(within(dialog).getByLabelText("With"), "Dana");
    await user.click(within(dialog).getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Phone · with Dana")).toBeVisible();
  });

  it("at an offer: Accept is the next step, Decline in the menu", async () => {
    const { user } = show(makeJob({ events: [makeEvent("applied"), makeEvent("offer")] }));
    await heading();
    await user.click(screen.getByRole("button", { name: "Other step…" }));
    expect(screen.getByRole("menuitem", { name: "Decline the offer" })).toBeVisible();
    await user.keyboard("{Escape}");
    await user.click(screen.getByRole("button", { name: "Accept the offer" }));
    const dialog = screen.getByRole("dialog", { name: "Accept the offer" });
    expect(within(dialog).getByLabelText(/^Date accepted/)).toBeInTheDocument();
    expect(within(dialog).queryByLabelText("Location")).toBeNull();
    await user.click(within(dialog).getByRole("button", { name: "Accept the offer" }));
    await waitFor(() => expect(stageBadge()).toHaveTextContent("Accepted"));
    expect(screen.queryByRole("group", { name: "Next step" })).toBeNull();
    expect(screen.getByText(/To change it, delete that step/)).toBeVisible();
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
    expect(screen.getByRole("button", { name: "Accept the offer" })).toBeVisible();
  });

  it("says what deleting the job removes, leaving out steps it does not have", async () => {
    const job = makeJob({ company: "Acme", title: "Engineer", events: [] });
    const { user } = show(job);
    await heading();
    await user.click(screen.getByRole("button", { name: "Delete job…" }));
    const confirm = screen.getByRole("alertdialog", { name: "Stop tracking Acme?" });
    expect(confirm).toHaveTextContent("Engineer at Acme is deleted for good.");
    expect(confirm).not.toHaveTextContent("0 steps");
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
