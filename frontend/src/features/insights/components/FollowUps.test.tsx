import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { createFakeServer, json } from "../../../test/fakeServer";
import { makeEvent, makeJob } from "../../../test/factories";
import { renderWithApp } from "../../../test/render";
import { todayIso } from "../../../lib/format";
import { makeInsights } from "../testData";
import { FollowUps } from "./FollowUps";

function setup() {
  const job = makeJob({
    company: "Acme",
    title: "Backend Engineer",
    events: [makeEvent("applied", { event_date: "2026-01-01" })],
  });
  const server = createFakeServer({ jobs: [job] });
  server.intercept((r) => {
    if (r.path !== "/api/insights") return undefined;
    const stale = server.job(job.id)!.stage === "applied";
    return json(
      200,
      makeInsights({
        total: 1,
        follow_up: stale
          ? [
              {
                job_id: job.id,
                company: "Acme",
                title: "Backend Engineer",
                stage: "applied",
                last_event_date: "2026-01-01",
                days_since: 16,
              },
            ]
          : [],
      }),
    );
  });
  return { job, ...renderWithApp(<FollowUps />, { server }) };
}

describe("FollowUps", () => {
  it("is hidden when nothing needs a follow-up", async () => {
    const server = createFakeServer();
    server.intercept((r) => (r.path === "/api/insights" ? json(200, makeInsights()) : undefined));
    const { container } = renderWithApp(<FollowUps />, { server });
    await waitFor(() => expect(server.requestsTo("GET", /insights/)).toHaveLength(1));
    expect(container.querySelector(".follow-ups")).toBeNull();
  });

  it("links to the job to record what happened", async () => {
    const { job } = setup();
    expect(await screen.findByText("No news from Acme for 16 days")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Record what happened" })).toHaveAttribute(
      "href",
      `/jobs/${job.id}`,
    );
  });

  it("marks a job rejected after a confirmation, then refreshes the insights", async () => {
    const { job, server, user } = setup();
    await user.click(await screen.findByRole("button", { name: "Mark as rejected" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Mark Acme as rejected?" });
    expect(server.requestsTo("POST", /events/)).toHaveLength(0);
    await user.click(within(dialog).getByRole("button", { name: "Mark as rejected" }));
    await waitFor(() => expect(server.job(job.id)!.stage).toBe("rejected"));
    const post = server.requestsTo("POST", /events/)[0]!;
    expect(post.body).toEqual({
      event_type: "rejected",
      event_date: todayIso(),
      note: { reason_category: "no_response", reason: "no response" },
    });
    expect(post.headers["Idempotency-Key"]).toBeTruthy();
    await waitFor(() => expect(screen.queryByText("No news from Acme for 16 days")).toBeNull());
    expect(server.requestsTo("GET", /insights/).length).toBeGreaterThanOrEqual(2);
  });

  it("asks first: Cancel sends nothing", async () => {
    const { server, user } = setup();
    await user.click(await screen.findByRole("button", { name: "Mark as rejected" }));
    const dialog = await screen.findByRole("alertdialog");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(server.requestsTo("POST", /events/)).toHaveLength(0);
    expect(screen.getByText("No news from Acme for 16 days")).toBeInTheDocument();
  });
});

describe("FollowUps, many", () => {
  it("stays compact: three at first, all on request", async () => {
    const server = createFakeServer();
    const follow_up = Array.from({ length: 5 }, (_, i) => ({
      job_id: i + 1,
      company: `Company ${i + 1}`,
      title: "Dev",
      stage: "applied" as const,
      last_event_date: "2026-01-01",
      days_since: 30 - i,
    }));
    server.intercept((r) =>
      r.path === "/api/insights" ? json(200, makeInsights({ total: 5, follow_up })) : undefined,
    );
    const { user } = renderWithApp(<FollowUps />, { server });
    expect(await screen.findByRole("heading", { name: "Follow up (5)" })).toBeInTheDocument();
    expect(screen.getAllByRole("button", { name: "Mark as rejected" })).toHaveLength(3);
    expect(screen.queryByText("No news from Company 5 for 26 days")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Show all 5" }));
    expect(screen.getByText("No news from Company 5 for 26 days")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Show fewer" }));
    expect(screen.getAllByRole("button", { name: "Mark as rejected" })).toHaveLength(3);
  });
});
