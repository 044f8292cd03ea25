// A field added to a note model appears in the form after codegen, with no front-end edit:
// here the generated module gains a field and the same component renders and sends it.
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { StageCardForm } from "./StageCardForm.jsx";

vi.mock("../../../generated/trackingSchema.js", async (importOriginal) => {
  const real = await importOriginal();
  const extra = { name: "recruiter_email", type: "text", label: "Recruiter email", required: true, default: null, maxLength: 320 };
  return { ...real, STAGE_FIELDS: { ...real.STAGE_FIELDS, screening: [...real.STAGE_FIELDS.screening, extra] } };
});

describe("a new schema field", () => {
  it("is rendered, required and sent", async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn(async () => {});
    render(<StageCardForm eventType="screening" onSubmit={onSubmit} onClose={() => {}} />);
    const dialog = screen.getByRole("dialog");
    await user.click(within(dialog).getByRole("button", { name: "Add Screening" }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(within(dialog).getByLabelText(/^Recruiter email/)).toHaveAccessibleDescription("Recruiter email is required.");
    await user.type(within(dialog).getByLabelText(/^Recruiter email/), "r@acme.example");
    await user.click(within(dialog).getByRole("button", { name: "Add Screening" }));
    expect(onSubmit.mock.calls[0][0].note).toEqual({ type: "phone", recruiter_email: "r@acme.example" });
  });
});
