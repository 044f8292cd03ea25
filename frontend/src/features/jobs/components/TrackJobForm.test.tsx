import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { JOB_FIELDS } from "../../../generated/trackingSchema.js";
import { createFakeServer, json } from "../../../test/fakeServer";
import { renderWithApp } from "../../../test/render";
import { TrackJobForm } from "./TrackJobForm";

const company = () => screen.getByRole("textbox", { name: /^Company/ });

describe("TrackJobForm", () => {
  it("tracks a job (trimmed, with an Idempotency-Key) and opens it at its own address", async () => {
    const server = createFakeServer();
    const { user, address } = renderWithApp(<TrackJobForm />, { server });
    await user.type(company(), " Globex ");
    await user.type(screen.getByLabelText(/^Job title/), "SRE");
    await user.type(screen.getByLabelText("Posting URL"), "https://globex.example/sre");
    await user.click(screen.getByRole("button", { name: "Track job" }));
    await waitFor(() => expect(address()).toMatch(/^\/jobs\/\d+$/));
    const [sent] = server.requestsTo("POST", /^\/api\/tracked$/);
    expect(sent?.body).toEqual({
      company: "Globex",
      title: "SRE",
      job_url: "https://globex.example/sre",
    });
    expect(sent?.headers["Idempotency-Key"]).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(company()).toHaveValue("");
  });

  it("builds its fields from JOB_FIELDS: labels, required, limits and a URL input", async () => {
    const server = createFakeServer();
    const { user } = renderWithApp(<TrackJobForm />, { server });
    expect(JOB_FIELDS.map((f) => f.name)).toEqual(["company", "title", "job_url"]);
    for (const field of JOB_FIELDS) {
      const input = screen.getByLabelText(new RegExp(`^${field.label}`));
      expect(input).toHaveAttribute("name", field.name);
      expect(input).toHaveAttribute("maxLength", String(field.maxLength));
      expect(input).toHaveAttribute("type", field.type);
      if (field.required) expect(input).toBeRequired();
      else expect(input).not.toBeRequired();
    }
    await user.type(company(), "A");
    await user.type(screen.getByLabelText(/^Job title/), "B");
    await user.type(screen.getByLabelText("Posting URL"), "globex.example");
    await user.click(screen.getByRole("button", { name: "Track job" }));
    expect(server.requestsTo("POST", /./)).toHaveLength(0);
    expect(screen.getByLabelText("Posting URL")).toHaveAccessibleDescription(
      "Use a full web address starting with http:// or https://.",
    );
  });

  it("checks before sending and shows a server 422 at the field, in plain words", async () => {
    const server = createFakeServer();
    server.intercept((r) =>
      r.method === "POST"
        ? json(422, {
            detail: [
              {
                loc: ["body", "job_url"],
                msg: "URL scheme should be 'http' or 'https'",
                type: "url_scheme",
              },
            ],
          })
        : undefined,
    );
    const { user } = renderWithApp(<TrackJobForm />, { server });
    await user.click(screen.getByRole("button", { name: "Track job" }));
    expect(company()).toHaveAccessibleDescription("Company is required.");
    expect(company()).toHaveFocus();
    await user.type(company(), "A");
    await user.type(screen.getByLabelText(/^Job title/), "B");
    await user.type(screen.getByLabelText("Posting URL"), "https://x");
    await user.click(screen.getByRole("button", { name: "Track job" }));
    await waitFor(() =>
      expect(screen.getByLabelText("Posting URL")).toHaveAccessibleDescription(
        "Use a full web address starting with http:// or https://.",
      ),
    );
  });
});
