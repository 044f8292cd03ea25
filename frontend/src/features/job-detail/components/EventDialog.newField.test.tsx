// A field added to a note model appears in the form after codegen, with no front-end edit:
// here the generated module gains a field and the same component renders and sends it.
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type * as Schema from "../../../generated/trackingSchema.js";
import { createFakeServer } from "../../../test/fakeServer";
import { makeJob } from "../../../test/factories";
import { renderWithApp } from "../../../test/render";
import { EventDialog } from "./EventDialog";

vi.mock("../../../generated/trackingSchema.js", async (importOriginal) => {
  const real = await importOriginal<typeof Schema>();
  const extra = {
    name: "recruiter_email",
    type: "text",
    label: "Recruiter email",
    required: true,
    default: null,
    maxLength: 320,
  };
  return {
    ...real,
    STAGE_FIELDS: { ...real.STAGE_FIELDS, screening: [...real.STAGE_FIELDS.screening, extra] },
  };
});

describe("a new schema field", () => {
  it("is rendered, required and sent", async () => {
    const job = makeJob();
    const server = createFakeServer({ jobs: [job] });
    const { user } = renderWithApp(
      <EventDialog job={job} eventType="screening" onClose={() => {}} />,
      { server },
    );
    const dialog = screen.getByRole("dialog");
    // The form reads the user's contacts (suggestions for the person fields); nothing else.
    const writes = () => server.requests.filter((r) => r.method !== "GET");
    await user.click(within(dialog).getByRole("button", { name: "Record screening" }));
    expect(writes()).toHaveLength(0);
    expect(within(dialog).getByLabelText(/^Recruiter email/)).toHaveAccessibleDescription(
      "Recruiter email is required.",
    );
    await user.type(within(dialog).getByLabelText(/^Recruiter email/), "r@acme.example");
    await user.click(within(dialog).getByRole("button", { name: "Record screening" }));
    await waitFor(() =>
      expect((writes()[0]?.body as { note: object }).note).toEqual({
        type: "phone",
        recruiter_email: "r@acme.example",
      }),
    );
  });
});
