import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { EventTypeValue } from "../../../generated/trackingSchema.js";
import type { TrackedJob } from "../../../lib/apiTypes";
import { jobAt, makeEvent, makeJob } from "../../../test/factories";
import { formatDate } from "../../../lib/format";
import { StageCard } from "./StageCard";

const summaryOf = (el: HTMLElement) =>
  [...el.querySelectorAll(".event-summary > div")].map(
    (d) => `${d.querySelector("dt")?.textContent}: ${d.querySelector("dd")?.textContent}`,
  );

function renderCard(job: TrackedJob, stage: EventTypeValue) {
  const handlers = { onAdd: vi.fn(), onEdit: vi.fn(), onDelete: vi.fn() };
  render(<StageCard job={job} stage={stage} {...handlers} />);
  const card = screen.getByRole("region", { name: new RegExp(`^${stage}$`, "i") });
  return { card, ...handlers };
}

describe("StageCard states", () => {
  it("Completed: date and summary from the note, Edit, and Delete on the latest event", async () => {
    const applied = makeEvent("applied", {
      event_date: "2026-01-05",
      note: { type: "referral", referrer_name: "Dana" },
    });
    const job = makeJob({ events: [applied] });
    const { card, onEdit, onDelete } = renderCard(job, "applied");
    expect(card).toHaveAttribute("data-state", "completed");
    expect(within(card).getByText("Done")).toBeInTheDocument();
    expect(card).toHaveTextContent(formatDate("2026-01-05"));
    expect(summaryOf(card)).toEqual(["How you applied: Referral", "Referrer: Dana"]);
    await userEvent.click(within(card).getByRole("button", { name: "Edit Applied" }));
    expect(onEdit).toHaveBeenCalledWith(applied);
    await userEvent.click(within(card).getByRole("button", { name: "Delete Applied" }));
    expect(onDelete).toHaveBeenCalledWith(applied, "Applied");
  });

  it("Completed but not latest: Edit only, no Delete", () => {
    const { card } = renderCard(jobAt("applied", "screening"), "applied");
    expect(within(card).getByRole("button", { name: "Edit Applied" })).toBeInTheDocument();
    expect(within(card).queryByRole("button", { name: /Delete/ })).toBeNull();
  });

  it("Next: a + Add button and nothing else", async () => {
    const { card, onAdd } = renderCard(jobAt("applied"), "screening");
    expect(card).toHaveAttribute("data-state", "next");
    expect(within(card).getByText("Next")).toBeInTheDocument();
    expect(within(card).getAllByRole("button")).toHaveLength(1);
    await userEvent.click(within(card).getByRole("button", { name: "Add Screening" }));
    expect(onAdd).toHaveBeenCalledWith("screening");
  });

  it("Locked: greyed, said in words, no actions", () => {
    const { card } = renderCard(jobAt("applied"), "accepted");
    expect(card).toHaveAttribute("data-state", "locked");
    expect(within(card).getByText("Locked")).toBeInTheDocument();
    expect(within(card).queryAllByRole("button")).toHaveLength(0);
    expect(card).toHaveTextContent("Not available from the current stage.");
  });

  it("Locked after being skipped says so", () => {
    const { card } = renderCard(jobAt("applied", "interview"), "screening");
    expect(card).toHaveAttribute("data-state", "locked");
    expect(card).toHaveTextContent("Skipped.");
  });

  it("Rejected: read-only, the data still shown, no Edit, Delete or Add", () => {
    const job = makeJob({
      events: [makeEvent("applied", { note: { type: "email" } }), makeEvent("rejected")],
    });
    const { card } = renderCard(job, "applied");
    expect(card).toHaveAttribute("data-state", "rejected");
    expect(within(card).getByText("Read-only")).toBeInTheDocument();
    expect(summaryOf(card)).toEqual(["How you applied: Email"]);
    expect(within(card).queryAllByRole("button")).toHaveLength(0);
  });

  it("Rejected before reaching a stage: not reached, no actions", () => {
    const { card } = renderCard(jobAt("applied", "rejected"), "offer");
    expect(card).toHaveAttribute("data-state", "rejected");
    expect(card).toHaveTextContent("Not reached.");
    expect(within(card).queryAllByRole("button")).toHaveLength(0);
  });

  it("Interview rounds are listed with + Add round; only the latest can be deleted", async () => {
    const job = makeJob({
      events: [
        makeEvent("interview", { note: { round: 1, type: "phone" } }),
        makeEvent("interview", {
          note: { round: 2, type: "onsite" },
          event_time: "14:30",
          location: "HQ",
        }),
      ],
    });
    const { card, onAdd } = renderCard(job, "interview");
    const rounds = within(card).getAllByRole("listitem");
    expect(rounds).toHaveLength(2);
    expect(rounds[0]).toHaveTextContent("Interview round 1");
    expect(rounds[1]).toHaveTextContent("Interview round 2:");
    expect(rounds[1]).toHaveTextContent("14:30 · HQ");
    expect(rounds[1]).toHaveTextContent("FormatOnsite");
    expect(rounds[1]).not.toHaveTextContent(/Round\s*2/); // the name says the round already
    expect(within(rounds[0]!).queryByRole("button", { name: /Delete/ })).toBeNull();
    expect(
      within(rounds[1]!).getByRole("button", { name: "Delete Interview round 2" }),
    ).toBeInTheDocument();
    await userEvent.click(within(card).getByRole("button", { name: "Add Interview round" }));
    expect(onAdd).toHaveBeenCalledWith("interview");
  });
});
