import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { createFakeServer } from "../../../test/fakeServer";
import { makeJob } from "../../../test/factories";
import { renderWithApp } from "../../../test/render";
import { JobView } from "./JobView";

describe("the job's posting", () => {
  it("shows its facts and a collapsible description, rebuilt safely", async () => {
    const job = makeJob({
      company: "Globex",
      title: "SRE",
      has_posting: true,
      posting: {
        description_html:
          '<p>Keep things up.</p><img src=x onerror="alert(1)"><a href="javascript:alert(1)">x</a>',
        description_text: "Keep things up.",
        employment_type: "CONTRACTOR",
        date_posted: "2026-03-01",
        valid_through: "2026-04-15",
        salary: { min: 90, max: 110, currency: "USD", unit: "HOUR" },
        remote: true,
      },
    });
    const server = createFakeServer({ jobs: [job] });
    const { user } = renderWithApp(<JobView jobId={job.id} backHref="/" onDeleted={() => {}} />, {
      server,
      path: `/jobs/${job.id}`,
    });
    const posting = await screen.findByRole("region", { name: "Posting" });
    expect(within(posting).getByText("Contract")).toBeInTheDocument();
    expect(within(posting).getByText("Apply by")).toBeInTheDocument();
    expect(within(posting).getByText(/per hour$/)).toBeInTheDocument();
    expect(within(posting).getByText("Keep things up.")).toBeInTheDocument();
    expect(posting.querySelector("img, script, [onerror]")).toBeNull();
    expect(posting.querySelector("a[href^='javascript']")).toBeNull();
    const toggle = within(posting).getByRole("button", { name: "Show full description" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    await user.click(toggle);
    expect(within(posting).getByRole("button", { name: "Show less" })).toHaveAttribute(
      "aria-expanded",
      "true",
    );
  });
});
