import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { fakeTrackApi, makeEvent, makeJob, validationError } from "../../../test/factories.js";
import { JOB_FIELDS } from "../../../generated/trackingSchema.js";
import { TrackPage } from "./TrackPage.jsx";

const page = (items, next_cursor = null) => ({ items, next_cursor });

describe("TrackPage", () => {
  it("tells a new user what to do, then tracks a job and opens it", async () => {
    const user = userEvent.setup();
    const created = makeJob({ company: "Globex", title: "SRE", job_url: "https://globex.example/sre" });
    const api = fakeTrackApi(vi, { listJobs: vi.fn(async () => page([])), createJob: vi.fn(async () => created) });
    render(<TrackPage trackApi={api} />);
    expect(await screen.findByText("Nothing tracked yet.")).toBeInTheDocument();

    await user.type(screen.getByRole("textbox", { name: /^Company/ }), " Globex ");
    await user.type(screen.getByLabelText(/^Job title/), "SRE");
    await user.type(screen.getByLabelText("Posting URL"), "https://globex.example/sre");
    await user.click(screen.getByRole("button", { name: "Track job" }));
    expect(api.createJob).toHaveBeenCalledWith({ company: "Globex", title: "SRE", job_url: "https://globex.example/sre" });
    const heading = await screen.findByRole("heading", { name: "SRE at Globex" });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(screen.getByRole("button", { name: /Globex/ })).toHaveAttribute("aria-current", "true");
    expect(screen.getByRole("textbox", { name: /^Company/ })).toHaveValue("");
    expect(screen.queryByText("Nothing tracked yet.")).toBeNull();
  });

  it("builds the track form from JOB_FIELDS: labels, required, limits and a URL input", async () => {
    const user = userEvent.setup();
    const api = fakeTrackApi(vi, { listJobs: vi.fn(async () => page([])) });
    render(<TrackPage trackApi={api} />);
    await screen.findByText("Nothing tracked yet.");
    expect(JOB_FIELDS.map((f) => f.name)).toEqual(["company", "title", "job_url"]);
    for (const field of JOB_FIELDS) {
      const input = screen.getByLabelText(new RegExp(`^${field.label}`));
      expect(input).toHaveAttribute("name", field.name);
      expect(input).toHaveAttribute("maxLength", String(field.maxLength));
      expect(input).toHaveAttribute("type", field.type);
      if (field.required) expect(input).toBeRequired();
      else expect(input).not.toBeRequired();
    }
    expect(screen.getByLabelText("Posting URL")).toHaveAttribute("type", "url");
    await user.type(screen.getByRole("textbox", { name: /^Company/ }), "A");
    await user.type(screen.getByLabelText(/^Job title/), "B");
    await user.type(screen.getByLabelText("Posting URL"), "globex.example");
    await user.click(screen.getByRole("button", { name: "Track job" }));
    expect(api.createJob).not.toHaveBeenCalled();
    expect(screen.getByLabelText("Posting URL")).toHaveAccessibleDescription(
      "Use a full web address starting with http:// or https://.",
    );
  });

  it("checks the track form before sending and shows a server 422 at the field", async () => {
    const user = userEvent.setup();
    const api = fakeTrackApi(vi, {
      listJobs: vi.fn(async () => page([])),
      createJob: vi.fn(async () => Promise.reject(validationError(["body", "job_url"], "URL scheme should be 'http' or 'https'"))),
    });
    render(<TrackPage trackApi={api} />);
    await user.click(await screen.findByRole("button", { name: "Track job" }));
    expect(api.createJob).not.toHaveBeenCalled();
    expect(screen.getByRole("textbox", { name: /^Company/ })).toHaveAccessibleDescription("Company is required.");
    await user.type(screen.getByRole("textbox", { name: /^Company/ }), "A");
    await user.type(screen.getByLabelText(/^Job title/), "B");
    await user.type(screen.getByLabelText("Posting URL"), "https://x");
    await user.click(screen.getByRole("button", { name: "Track job" }));
    await waitFor(() => expect(screen.getByLabelText("Posting URL")).toHaveAccessibleDescription("URL scheme should be 'http' or 'https'"));
  });

  it("lists jobs with a stage badge and last update; searches by company or title", async () => {
    const user = userEvent.setup();
    const jobs = [
      makeJob({ company: "Acme", title: "Backend Engineer", events: [makeEvent("applied")] }),
      makeJob({ company: "Initech", title: "Data Analyst" }),
    ];
    const api = fakeTrackApi(vi, { listJobs: vi.fn(async () => page(jobs)) });
    render(<TrackPage trackApi={api} />);
    const list = await screen.findByRole("list");
    expect(within(list).getAllByRole("button")).toHaveLength(2);
    expect(within(list).getByRole("button", { name: /Acme/ })).toHaveTextContent("Applied");
    expect(within(list).getByRole("button", { name: /Acme/ })).toHaveTextContent("Updated");
    await user.type(screen.getByLabelText("Search company or title"), "analyst");
    expect(within(list).getAllByRole("button")).toHaveLength(1);
    expect(within(list).getByRole("button")).toHaveTextContent("Initech");
    await user.clear(screen.getByLabelText("Search company or title"));
    await user.type(screen.getByLabelText("Search company or title"), "zzz");
    expect(screen.getByText("No jobs match “zzz”.")).toBeInTheDocument();
  });

  it("filters by stage through the API, with the stages from the schema", async () => {
    const user = userEvent.setup();
    const api = fakeTrackApi(vi, { listJobs: vi.fn(async () => page([])) });
    render(<TrackPage trackApi={api} />);
    await screen.findByText("Nothing tracked yet.");
    const select = screen.getByLabelText("Stage");
    expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "All stages", "Saved", "Applied", "Screening", "Interview", "Reference", "Offer", "Accepted", "Declined", "Rejected",
    ]);
    await user.selectOptions(select, "offer");
    await waitFor(() => expect(api.listJobs).toHaveBeenLastCalledWith({ stage: "offer" }));
    expect(await screen.findByText("No jobs match this stage.")).toBeInTheDocument();
  });

  it("pages with Load more and says when loading fails, with a retry", async () => {
    const user = userEvent.setup();
    const first = makeJob({ company: "One" });
    const second = makeJob({ company: "Two" });
    const listJobs = vi
      .fn()
      .mockRejectedValueOnce(new Error("The database is unavailable right now; nothing was changed. Try again shortly."))
      .mockResolvedValueOnce(page([first], "c1"))
      .mockResolvedValueOnce(page([second]));
    render(<TrackPage trackApi={fakeTrackApi(vi, { listJobs })} />);
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not load your jobs: The database is unavailable");
    await user.click(screen.getByRole("button", { name: "Try again" }));
    await user.click(await screen.findByRole("button", { name: "Load more" }));
    expect(listJobs).toHaveBeenLastCalledWith({ stage: undefined, cursor: "c1" });
    expect(await screen.findByRole("button", { name: /Two/ })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull();
  });
});
