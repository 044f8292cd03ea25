import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jobAt } from "../../../test/factories";
import { ProgressStepper } from "./ProgressStepper";

const step = (name: string) => screen.getByText(name, { selector: ".step-label" }).closest("li");

describe("ProgressStepper", () => {
  it("lists applied → offer then the accepted/declined branch, marking the current stage", () => {
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
    expect(step("Screening")).toHaveTextContent("skipped");
    expect(step("Offer")).toHaveTextContent("not yet");
  });

  it("a rejected job shows where it stopped, in words", () => {
    render(<ProgressStepper job={jobAt("applied", "screening", "rejected")} />);
    expect(step("Screening")).toHaveAttribute("aria-current", "step");
    expect(step("Screening")).toHaveTextContent("rejected here");
  });

  it("a saved job has no current step yet", () => {
    render(<ProgressStepper job={jobAt()} />);
    expect(document.querySelectorAll('[aria-current="step"]')).toHaveLength(0);
  });
});
