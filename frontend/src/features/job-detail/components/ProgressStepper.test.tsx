import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jobAt } from "../../../test/factories";
import { ProgressStepper } from "./ProgressStepper";

const step = (name: string) => screen.getByText(name, { selector: ".step-label" }).closest("li");

describe("ProgressStepper", () => {
  it("lists applied to offer then the outcome, marking the current stage", () => {
    render(<ProgressStepper job={jobAt("applied", "interview")} />);
    expect(screen.getByRole("group", { name: "Progress of Acme" })).toBeInTheDocument();
    const labels = [...document.querySelectorAll(".step-label")].map((el) => el.textContent);
    expect(labels).toEqual([
      "Applied",
      "Screening",
      "Interview",
      "Reference",
      "Offer",
      "Accepted",
      "Declined",
    ]);
    expect(step("Interview")).toHaveAttribute("aria-current", "step");
    expect(document.querySelectorAll('[aria-current="step"]')).toHaveLength(1);
    expect(step("Applied")).toHaveTextContent("done");
  });

  it("says nothing about steps not taken: no 'skipped' noise", () => {
    render(<ProgressStepper job={jobAt("applied", "offer", "accepted")} />);
    expect(step("Screening")).toHaveTextContent(/^Screening$/);
    expect(step("Declined")).toHaveTextContent(/^Declined$/);
    expect(step("Accepted")).toHaveAttribute("aria-current", "step");
    expect(document.body).not.toHaveTextContent(/skipped/i);
  });

  it("a rejected job shows where it stopped, in words", () => {
    render(<ProgressStepper job={jobAt("applied", "screening", "rejected")} />);
    expect(step("Screening")).toHaveAttribute("aria-current", "step");
    expect(step("Screening")).toHaveTextContent("rejected here");
    expect(step("Screening")).toHaveAttribute("data-stage", "rejected");
  });

  it("a saved job has no current step yet", () => {
    render(<ProgressStepper job={jobAt()} />);
    expect(document.querySelectorAll('[aria-current="step"]')).toHaveLength(0);
  });
});
