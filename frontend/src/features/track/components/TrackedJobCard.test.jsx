import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { Toast } from "../../../components/Toast.jsx";
import { fakeTrackApi, makeEvent, makeJob } from "../../../test/factories.js";
import { TrackedJobCard } from "./TrackedJobCard.jsx";

function Harness({ initial, trackApi, onDeleted = () => {} }) {
  const [job, setJob] = useState(initial);
  const [toast, setToast] = useState(null);
  return (
    <>
      <TrackedJobCard job={job} trackApi={trackApi} onJobChange={setJob} onJobDeleted={onDeleted} notify={setToast} />
      <Toast toast={toast} onDismiss={() => setToast(null)} />
    </>
  );
}

/** A fake server for one job: events are appended and deleted as the real one does. */
function serverFor(initial) {
  let job = initial;
  const withEvents = (events) =>
    (job = { ...job, events, stage: events.length ? events[events.length - 1].event_type : "saved" });
  return fakeTrackApi(vi, {
    createEvent: vi.fn(async (_id, body) => withEvents([...job.events, makeEvent(body.event_type, body)])),
    deleteEvent: vi.fn(async (_id, eventId) => withEvents(job.events.filter((e) => e.id !== eventId))),
    updateJob: vi.fn(async (_id, { notes }) => (job = { ...job, notes: { ...job.notes, ...notes } })),
    deleteJob: vi.fn(async () => null),
  });
}

const stageBadge = () => document.querySelector(".job-card-header .stage-badge");
const cardStates = () => [...document.querySelectorAll(".stage-card")].map((c) => c.dataset.state);

describe("TrackedJobCard: reject and undo", () => {
  it("rejecting (with a reason) locks every card; Undo in the toast unlocks them", async () => {
    const user = userEvent.setup();
    const job = makeJob({ events: [makeEvent("applied"), makeEvent("screening")] });
    const api = serverFor(job);
    render(<Harness initial={job} trackApi={api} />);

    await user.click(screen.getByRole("button", { name: "Mark as rejected…" }));
    const dialog = screen.getByRole("dialog", { name: "Mark Acme as rejected" });
    await user.type(within(dialog).getByLabelText("Reason"), "Position filled");
    await user.click(within(dialog).getByRole("button", { name: "Mark as rejected" }));

    expect(api.createEvent).toHaveBeenCalledWith(job.id, expect.objectContaining({ event_type: "rejected", note: { reason: "Position filled" } }));
    await waitFor(() => expect(stageBadge()).toHaveTextContent("Rejected"));
    expect(new Set(cardStates())).toEqual(new Set(["rejected"]));
    expect(screen.getByRole("note")).toHaveTextContent("Rejected");
    expect(screen.getByRole("note")).toHaveTextContent("after Screening: “Position filled”");
    expect(screen.queryByRole("button", { name: "Mark as rejected…" })).toBeNull();
    expect(screen.getByLabelText("Salary")).toBeDisabled();
    expect(document.querySelectorAll(".stage-card button")).toHaveLength(0);

    const toast = screen.getByRole("status");
    expect(toast).toHaveTextContent("Acme marked as rejected.");
    await user.click(within(toast).getByRole("button", { name: "Undo" }));
    const rejection = api.createEvent.mock.results[0];
    const rejectedJob = await rejection.value;
    expect(api.deleteEvent).toHaveBeenCalledWith(job.id, rejectedJob.events.at(-1).id);
    await waitFor(() => expect(stageBadge()).toHaveTextContent("Screening"));
    expect(cardStates()).toContain("next");
    expect(screen.getByRole("button", { name: "Mark as rejected…" })).toBeInTheDocument();
  });

  it("Undo on the card deletes the rejection and focus lands on the job", async () => {
    const user = userEvent.setup();
    const job = makeJob({ events: [makeEvent("applied"), makeEvent("rejected", { note: { reason: "No" } })] });
    const api = serverFor(job);
    render(<Harness initial={job} trackApi={api} />);
    expect(new Set(cardStates())).toEqual(new Set(["rejected"]));
    await user.click(screen.getByRole("button", { name: "Undo rejection" }));
    await waitFor(() => expect(stageBadge()).toHaveTextContent("Applied"));
    expect(screen.queryByRole("note")).toBeNull();
    await waitFor(() => expect(screen.getByRole("heading", { level: 2 })).toHaveFocus());
  });

  it("a failed undo is said in words", async () => {
    const user = userEvent.setup();
    const job = makeJob({ events: [makeEvent("rejected")] });
    const api = fakeTrackApi(vi, { deleteEvent: vi.fn(async () => Promise.reject(new Error("Could not reach the server."))) });
    render(<Harness initial={job} trackApi={api} />);
    await user.click(screen.getByRole("button", { name: "Undo rejection" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not undo the rejection: Could not reach the server.");
  });
});

describe("TrackedJobCard: events and deletion", () => {
  it("adds a step from a Next card and re-renders from the returned job", async () => {
    const user = userEvent.setup();
    const job = makeJob({ events: [makeEvent("applied")] });
    const api = serverFor(job);
    render(<Harness initial={job} trackApi={api} />);
    await user.click(screen.getByRole("button", { name: "Add Interview" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Add Interview" }));
    await waitFor(() => expect(stageBadge()).toHaveTextContent("Interview"));
    expect(screen.getByRole("region", { name: "Screening" })).toHaveAttribute("data-state", "locked");
    expect(screen.getByRole("button", { name: "Add Interview round" })).toBeInTheDocument();
    // Focus goes back to the interview card, since its + Add button was replaced.
    await waitFor(() => expect(screen.getByRole("region", { name: "Interview" })).toHaveFocus());
  });

  it("deleting the latest step (after confirming) rolls the stage back", async () => {
    const user = userEvent.setup();
    const job = makeJob({ events: [makeEvent("applied"), makeEvent("offer"), makeEvent("accepted")] });
    const api = serverFor(job);
    render(<Harness initial={job} trackApi={api} />);
    await user.click(screen.getByRole("button", { name: "Delete Accepted" }));
    await user.click(within(screen.getByRole("dialog", { name: "Delete Accepted?" })).getByRole("button", { name: "Delete step" }));
    await waitFor(() => expect(stageBadge()).toHaveTextContent("Offer"));
    expect(screen.getByRole("region", { name: "Accepted" })).toHaveAttribute("data-state", "next");
    expect(screen.getByRole("status")).toHaveTextContent("Acme is back at Offer");
    expect(screen.getByRole("button", { name: "Delete Offer" })).toBeInTheDocument();
  });

  it("deletes the job after confirmation", async () => {
    const user = userEvent.setup();
    const job = makeJob({ events: [makeEvent("applied")] });
    const api = serverFor(job);
    const onDeleted = vi.fn();
    render(<Harness initial={job} trackApi={api} onDeleted={onDeleted} />);
    await user.click(screen.getByRole("button", { name: "Delete job…" }));
    const dialog = screen.getByRole("dialog", { name: "Stop tracking Acme?" });
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(api.deleteJob).not.toHaveBeenCalled();
    await user.click(screen.getByRole("button", { name: "Delete job…" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Delete job" }));
    await waitFor(() => expect(onDeleted).toHaveBeenCalledWith(job.id));
  });
});
