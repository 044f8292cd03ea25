import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { createFakeServer, json } from "../../../test/fakeServer";
import { renderWithApp } from "../../../test/render";
import type { CalendarItem } from "../model/calendarModel";
import { Upcoming } from "./Upcoming";

const item = (over: Partial<CalendarItem>): CalendarItem => ({
  kind: "event",
  date: "2026-02-11",
  time: "14:30",
  job_id: 17,
  company: "Acme",
  title: "Backend Engineer",
  stage: "interview",
  event_id: 52,
  event_type: "interview",
  label: "Interview round 2",
  location: "Zoom",
  ...over,
});

function setup(items: CalendarItem[], truncated = false) {
  const server = createFakeServer();
  server.intercept((request) =>
    request.path === "/api/upcoming" ? json(200, { items, truncated }) : undefined,
  );
  // Late on 10 February 2026, local time: in UTC it may already be the 11th.
  return renderWithApp(<Upcoming now={new Date(2026, 1, 10, 23, 30)} />, { server });
}

describe("upcoming", () => {
  it("asks for the next 14 days from the local date and lists interviews and deadlines", async () => {
    const { server } = setup([
      item({}),
      item({
        kind: "offer_deadline",
        date: "2026-02-13",
        time: null,
        location: null,
        job_id: 18,
        company: "Globex",
        event_id: 60,
        event_type: "offer",
        label: "Offer deadline",
        stage: "offer",
      }),
    ]);
    const interview = await screen.findByRole("link", { name: /Acme: Interview round 2/ });
    expect(interview).toHaveAttribute("href", "/jobs/17");
    expect(interview).toHaveTextContent(/14:30, Zoom$/);
    expect(screen.getByRole("link", { name: "Globex: Offer deadline in 3 days" })).toHaveAttribute(
      "href",
      "/jobs/18",
    );
    const [call] = server.requestsTo("GET", /^\/api\/upcoming$/);
    expect(call!.query.get("from")).toBe("2026-02-10");
    expect(call!.query.get("days")).toBe("14");
  });

  it("counts the steps it does not show", async () => {
    const many = Array.from({ length: 6 }, (_, i) => item({ event_id: 200 + i, job_id: 40 + i }));
    setup(many);
    expect(await screen.findByRole("link", { name: "3 more in the calendar" })).toBeVisible();
  });

  it("says 'over' the count when the API held back steps", async () => {
    const many = Array.from({ length: 6 }, (_, i) => item({ event_id: 200 + i, job_id: 40 + i }));
    setup(many, true);
    expect(await screen.findByRole("link", { name: "Over 3 more in the calendar" })).toBeVisible();
  });

  it("shows nothing when nothing is coming", async () => {
    const { server, container } = setup([]);
    await waitFor(() => expect(server.requestsTo("GET", /^\/api\/upcoming$/)).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(container.querySelector(".upcoming")).toBeNull();
    expect(screen.queryByRole("heading", { name: "Upcoming" })).not.toBeInTheDocument();
  });

  it("is asked again after a job changes (an event added elsewhere on the page)", async () => {
    const { server, queryClient } = setup([item({})]);
    await screen.findByRole("link", { name: /Acme: Interview round 2/ });
    expect(server.requestsTo("GET", /^\/api\/upcoming$/)).toHaveLength(1);
    await queryClient
      .getMutationCache()
      .build(queryClient, { mutationFn: async () => "saved" })
      .execute(undefined);
    await waitFor(() => expect(server.requestsTo("GET", /^\/api\/upcoming$/)).toHaveLength(2));
  });
});
