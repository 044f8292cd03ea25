import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { createFakeServer, json } from "../../../test/fakeServer";
import { renderWithApp } from "../../../test/render";
import { todayIso } from "../../../lib/format";
import { makeInsights } from "../testData";
import type { Insights } from "../model/insightsModel";
import { InsightsView } from "./InsightsView";

function serve(insights: Insights) {
  const server = createFakeServer();
  server.intercept((r) => (r.path === "/api/insights" ? json(200, insights) : undefined));
  return server;
}

const funnelRow = (stage: string) =>
  document.querySelector<HTMLElement>(`.funnel-row[data-stage="${stage}"]`)!;

describe("InsightsView", () => {
  it("with no jobs, says what will appear, and sends the local date", async () => {
    const server = serve(makeInsights());
    renderWithApp(<InsightsView />, { server });
    expect(await screen.findByText("Nothing to measure yet.")).toBeInTheDocument();
    expect(screen.getByText(/how far your applications get/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "import your jobs" })).toHaveAttribute(
      "href",
      "/settings",
    );
    const request = server.requestsTo("GET", /^\/api\/insights$/)[0]!;
    expect(request.query.get("today")).toBe(todayIso());
    expect(request.query.get("stale_days")).toBe("14");
  });

  it("with one saved job, explains the empty funnel and shows the stage counts", async () => {
    const server = serve(
      makeInsights({ total: 1, by_stage: { ...makeInsights().by_stage, saved: 1 } }),
    );
    renderWithApp(<InsightsView />, { server });
    expect(await screen.findByText("1 job tracked, all time.")).toBeInTheDocument();
    expect(screen.getByText(/No job has an applied step yet/)).toBeInTheDocument();
    expect(screen.getByTestId("response-rate")).toHaveTextContent("—");
    expect(screen.getByTestId("median-days")).toHaveTextContent("—");
    const saved = document.querySelector('.stage-counts [data-stage="saved"]')!;
    expect(saved).toHaveTextContent("Saved 1");
  });

  it("with one applied job, shows a funnel of one", async () => {
    const insights = makeInsights({
      total: 1,
      by_stage: { ...makeInsights().by_stage, applied: 1 },
      response_rate: 0,
      by_source: [{ source: "online", applied: 1, responded: 0 }],
    });
    insights.funnel[0]!.reached = 1;
    renderWithApp(<InsightsView />, { server: serve(insights) });
    expect(await screen.findByText("1 job tracked, all time.")).toBeInTheDocument();
    expect(funnelRow("applied")).toHaveTextContent("Applied1");
    expect(funnelRow("screening")).toHaveTextContent("0% of applied reached screening");
    expect(funnelRow("interview").querySelector(".funnel-conversion")).toBeNull();
    expect(screen.getByTestId("response-rate")).toHaveTextContent("0%");
  });

  it("with many jobs, shows the funnel with conversions, responses by source and stages", async () => {
    const insights = makeInsights({
      total: 500,
      by_stage: { ...makeInsights().by_stage, applied: 200, interview: 100, rejected: 200 },
      funnel: [
        { stage: "applied", reached: 450 },
        { stage: "screening", reached: 180 },
        { stage: "interview", reached: 90 },
        { stage: "reference", reached: 20 },
        { stage: "offer", reached: 10 },
        { stage: "accepted", reached: 3 },
      ],
      response_rate: 0.75,
      median_days_to_response: 8,
      by_source: [
        { source: "online", applied: 400, responded: 280 },
        { source: "referral", applied: 50, responded: 50 },
      ],
    });
    renderWithApp(<InsightsView />, { server: serve(insights) });
    expect(await screen.findByText("500 jobs tracked, all time.")).toBeInTheDocument();
    expect(funnelRow("screening")).toHaveTextContent("40% of applied reached screening");
    expect(funnelRow("accepted")).toHaveTextContent("30% of offer reached accepted");
    expect(funnelRow("applied").querySelector<HTMLElement>(".funnel-bar")!.style.width).toBe(
      "100%",
    );
    expect(funnelRow("screening").querySelector<HTMLElement>(".funnel-bar")!.style.width).toBe(
      "40%",
    );
    expect(screen.getByTestId("response-rate")).toHaveTextContent("75%");
    expect(screen.getByTestId("median-days")).toHaveTextContent("8 days");
    expect(screen.queryByTestId("median-note")).toBeNull();
    const table = screen.getByRole("table", { name: "By source" });
    expect(within(table).getByRole("row", { name: /Online 400 280 70%/ })).toBeInTheDocument();
    expect(within(table).getByRole("row", { name: /Referral 50 50 100%/ })).toBeInTheDocument();
  });

  it("explains a missing time to a response when every response was inferred", async () => {
    const server = serve(
      makeInsights({
        total: 2,
        by_stage: { ...makeInsights().by_stage, interview: 2 },
        response_rate: 1,
        median_days_to_response: null,
      }),
    );
    renderWithApp(<InsightsView />, { server });
    expect(await screen.findByTestId("median-days")).toHaveTextContent("—");
    expect(screen.getByTestId("median-note")).toHaveTextContent(/a step an import inferred/);
  });

  it("says when the insights cannot be loaded", async () => {
    const server = createFakeServer();
    server.intercept((r) =>
      r.path === "/api/insights" ? json(500, { detail: "Something broke." }) : undefined,
    );
    renderWithApp(<InsightsView />, { server });
    expect(await screen.findByRole("alert")).toHaveTextContent("Something broke.");
  });
});
