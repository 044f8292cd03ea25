// A field added to JobCreate appears in the "Track a job" dialog after codegen, with no
// front-end edit; the form's limits are the generated ones, not its own.
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type * as Schema from "../../../generated/trackingSchema.js";
import { createFakeServer } from "../../../test/fakeServer";
import { renderWithApp } from "../../../test/render";
import { TrackJobDialog } from "./TrackJobDialog";

vi.mock("../../../generated/trackingSchema.js", async (importOriginal) => {
  const real = await importOriginal<typeof Schema>();
  const extra = {
    name: "source",
    type: "text",
    label: "Where you saw it",
    required: true,
    default: null,
    maxLength: 100,
  };
  const jobFields = real.JOB_FIELDS.map((f) => (f.name === "title" ? { ...f, maxLength: 5 } : f));
  return { ...real, JOB_FIELDS: [...jobFields, extra] };
});

describe("a new JobCreate field", () => {
  it("is rendered, required, limited and sent", async () => {
    const server = createFakeServer();
    const { user } = renderWithApp(<TrackJobDialog onClose={() => {}} />, { server });
    const source = screen.getByLabelText(/^Where you saw it/);
    expect(source).toHaveAttribute("maxLength", "100");
    expect(screen.getByLabelText(/^Job title/)).toHaveAttribute("maxLength", "5");
    await user.type(screen.getByLabelText(/^Company/), "Acme");
    await user.type(screen.getByLabelText(/^Job title/), "SRE");
    await user.click(screen.getByRole("button", { name: "Track job" }));
    expect(server.requestsTo("POST", /^\/api\/tracked$/)).toHaveLength(0);
    expect(source).toHaveAccessibleDescription("Where you saw it is required.");
    expect(source).toHaveFocus();
    await user.type(source, " a meetup ");
    await user.click(screen.getByRole("button", { name: "Track job" }));
    await waitFor(() =>
      expect(server.requestsTo("POST", /^\/api\/tracked$/)[0]?.body).toEqual({
        company: "Acme",
        title: "SRE",
        job_url: null,
        source: "a meetup",
        priority: 0,
        tags: [],
      }),
    );
  });
});
