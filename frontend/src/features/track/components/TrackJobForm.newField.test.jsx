// A field added to JobCreate appears in the "Track a job" form after codegen, with no
// front-end edit; the form's limits are the generated ones, not its own.
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { TrackJobForm } from "./TrackJobForm.jsx";

vi.mock("../../../generated/trackingSchema.js", async (importOriginal) => {
  const real = await importOriginal();
  const extra = { name: "source", type: "text", label: "Where you saw it", required: true, default: null, maxLength: 100 };
  const jobFields = real.JOB_FIELDS.map((f) => (f.name === "title" ? { ...f, maxLength: 5 } : f));
  return { ...real, JOB_FIELDS: [...jobFields, extra] };
});

describe("a new JobCreate field", () => {
  it("is rendered, required, limited and sent", async () => {
    const user = userEvent.setup();
    const onCreate = vi.fn(async () => {});
    render(<TrackJobForm onCreate={onCreate} />);
    const source = screen.getByLabelText(/^Where you saw it/);
    expect(source).toHaveAttribute("maxLength", "100");
    expect(screen.getByLabelText(/^Job title/)).toHaveAttribute("maxLength", "5");
    await user.type(screen.getByLabelText(/^Company/), "Acme");
    await user.type(screen.getByLabelText(/^Job title/), "SRE");
    await user.click(screen.getByRole("button", { name: "Track job" }));
    expect(onCreate).not.toHaveBeenCalled();
    expect(source).toHaveAccessibleDescription("Where you saw it is required.");
    expect(source).toHaveFocus();
    await user.type(source, " a meetup ");
    await user.click(screen.getByRole("button", { name: "Track job" }));
    expect(onCreate).toHaveBeenCalledWith({ company: "Acme", title: "SRE", job_url: null, source: "a meetup" });
  });
});
