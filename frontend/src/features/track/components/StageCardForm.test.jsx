import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { EVENT_FIELDS, STAGE_FIELDS } from "../../../generated/trackingSchema.js";
import { makeEvent, validationError } from "../../../test/factories.js";
import { StageCardForm } from "./StageCardForm.jsx";

function open(props) {
  const onSubmit = props.onSubmit ?? vi.fn(async () => {});
  const onClose = vi.fn();
  render(<StageCardForm eventType="applied" {...props} onSubmit={onSubmit} onClose={onClose} />);
  return { dialog: screen.getByRole("dialog"), onSubmit, onClose };
}

describe("StageCardForm: a form generated from the schema", () => {
  it.each(Object.keys(STAGE_FIELDS))("renders every always-shown field of %s from the specs", (type) => {
    const { dialog } = open({ eventType: type });
    for (const field of [...EVENT_FIELDS, ...STAGE_FIELDS[type].filter((f) => !f.showIf)]) {
      const input = within(dialog).getByLabelText(new RegExp(`^${field.label}`));
      if (field.maxLength && field.type !== "select") expect(input).toHaveAttribute("maxlength", String(field.maxLength));
      if (field.type === "select") expect(within(input).getAllByRole("option")).toHaveLength(field.options.length);
    }
  });

  it("shows dependent fields only while their showIf holds, and sends only what is shown", async () => {
    const user = userEvent.setup();
    const { dialog, onSubmit } = open({ eventType: "applied" });
    expect(within(dialog).queryByLabelText("Referrer")).toBeNull();
    await user.selectOptions(within(dialog).getByLabelText("How you applied"), "referral");
    await user.type(within(dialog).getByLabelText("Referrer"), "Dana");
    expect(within(dialog).getByLabelText("What the referrer said")).toBeInTheDocument();
    await user.selectOptions(within(dialog).getByLabelText("How you applied"), "email");
    expect(within(dialog).queryByLabelText("Referrer")).toBeNull();
    await user.click(within(dialog).getByRole("button", { name: "Add Applied" }));
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ event_type: "applied", note: { type: "email" } }));
  });

  it("checks limits before sending and says what is wrong at the field", async () => {
    const user = userEvent.setup();
    const { dialog, onSubmit } = open({ eventType: "interview" });
    await user.clear(within(dialog).getByLabelText(/^Event date/));
    await user.type(within(dialog).getByLabelText("Round"), "0");
    await user.click(within(dialog).getByRole("button", { name: "Add Interview" }));
    expect(onSubmit).not.toHaveBeenCalled();
    const date = within(dialog).getByLabelText(/^Event date/);
    expect(date).toHaveAttribute("aria-invalid", "true");
    expect(date).toHaveAccessibleDescription("Event date is required.");
    expect(within(dialog).getByLabelText("Round")).toHaveAccessibleDescription(/Round must be at least 1\./);
    await waitFor(() => expect(date).toHaveFocus());
  });

  it("shows a server 422 at the field its loc names and keeps the dialog open", async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn(async () => {
      throw validationError(["body", "interview", "note", "interviewers"], "String should have at most 2000 characters");
    });
    const { dialog, onClose } = open({ eventType: "interview", onSubmit });
    await user.type(within(dialog).getByLabelText("Interviewers"), "Ann");
    await user.click(within(dialog).getByRole("button", { name: "Add Interview" }));
    const field = within(dialog).getByLabelText("Interviewers");
    await waitFor(() => expect(field).toHaveAttribute("aria-invalid", "true"));
    expect(field).toHaveAccessibleDescription("String should have at most 2000 characters");
    expect(onClose).not.toHaveBeenCalled();
    await waitFor(() => expect(field).toHaveFocus());
  });

  it("shows a 409 (e.g. the job was rejected elsewhere) above the fields", async () => {
    const user = userEvent.setup();
    const err = Object.assign(new Error("job is rejected; delete the rejection event to undo"), { status: 409, fieldErrors: [] });
    const { dialog } = open({ eventType: "reference", onSubmit: vi.fn(async () => Promise.reject(err)) });
    await user.click(within(dialog).getByRole("button", { name: "Add Reference" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("job is rejected; delete the rejection event to undo");
  });

  it("edits an event: filled from it, sends the changes as a patch, then closes", async () => {
    const user = userEvent.setup();
    const event = makeEvent("interview", { location: "Office", note: { type: "onsite", round: 2 } });
    const { dialog, onSubmit, onClose } = open({ eventType: "interview", event });
    expect(screen.getByRole("heading", { name: "Edit Interview round 2" })).toBeInTheDocument();
    expect(within(dialog).getByLabelText("Format")).toHaveValue("onsite");
    const location = within(dialog).getByLabelText("Location");
    await user.clear(location);
    await user.type(location, "Zoom");
    await user.click(within(dialog).getByRole("button", { name: "Save changes" }));
    expect(onSubmit).toHaveBeenCalledWith({
      event_date: "2026-02-03", event_time: null, location: "Zoom", note: { type: "onsite", round: 2 },
    });
    await waitFor(() => expect(onClose).toHaveBeenCalled());
  });
});
