import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { createFakeServer, json } from "../../../test/fakeServer";
import { renderWithApp } from "../../../test/render";
import type { CalendarItem } from "../model/calendarModel";
import { CalendarView } from "./CalendarView";

const item = (over: Partial<CalendarItem>): CalendarItem => ({
  kind: "event",
  date: "2026-02-10",
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

const ITEMS = [
  item({}),
  item({
    kind: "offer_deadline",
    event_type: "offer",
    event_id: 60,
    label: "Offer deadline",
    time: null,
    location: null,
    job_id: 18,
    company: "Globex",
    stage: "offer",
  }),
  item({
    event_id: 70,
    job_id: 19,
    company: "Initech",
    stage: "rejected",
    label: "Screening",
    event_type: "screening",
    time: null,
    location: null,
  }),
  item({
    date: "2026-03-18",
    event_id: 80,
    job_id: 20,
    company: "Umbrella",
    kind: "start_date",
    event_type: "accepted",
    label: "Start date",
    stage: "accepted",
    time: null,
    location: null,
  }),
];

/** A day's button in the grid (names are in the test machine's locale, so find by date). */
const day = (iso: string) => document.querySelector<HTMLElement>(`[data-day="${iso}"]`)!;

function setup(path = "/calendar?month=2026-02") {
  const server = createFakeServer();
  server.intercept((request) => {
    if (request.path !== "/api/calendar") return undefined;
    const from = request.query.get("from") ?? "";
    const to = request.query.get("to") ?? "";
    return json(200, { items: ITEMS.filter((i) => i.date >= from && i.date <= to) });
  });
  // 10 February 2026, local noon.
  return renderWithApp(<CalendarView now={new Date(2026, 1, 10, 12)} />, { server, path });
}

describe("the month view", () => {
  it("asks once for the visible range and marks each day by kind, today included", async () => {
    const { server } = setup();
    expect(await screen.findByRole("heading", { level: 2 })).toHaveTextContent(/2026/);
    await screen.findByRole("link", { name: /Acme/ });
    expect(day("2026-02-10")).toHaveAttribute("aria-current", "date");
    expect(day("2026-02-10").getAttribute("aria-label")).toMatch(
      /, today, 1 interview, 1 other step, 1 offer deadline$/,
    );
    expect(day("2026-02-10").closest("td")).toHaveAttribute("aria-selected", "true");
    expect(day("2026-02-10").querySelectorAll(".kind-mark")).toHaveLength(3);
    expect(day("2026-02-11").getAttribute("aria-label")).not.toMatch(/today|interview/);
    expect(day("2026-02-11").querySelector(".kind-mark")).toBeNull();
    const calls = server.requestsTo("GET", /^\/api\/calendar$/);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.query.get("from")).toBe("2026-01-26");
    expect(calls[0]!.query.get("to")).toBe("2026-03-01");
  });

  it("lists the chosen day's items linking to their jobs, ended jobs muted and said so", async () => {
    setup();
    const link = await screen.findByRole("link", { name: /Interview round 2 · Acme/ });
    expect(link).toHaveAttribute("href", "/jobs/17");
    expect(screen.getByText(/14:30 · Backend Engineer · Zoom/)).toBeInTheDocument();
    const muted = screen.getByRole("link", { name: /Screening · Initech/ }).closest("li")!;
    expect(muted).toHaveAttribute("data-muted", "true");
    expect(within(muted).getByText(/\(job rejected\)/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /Offer deadline · Globex/ })).toHaveAttribute(
      "href",
      "/jobs/18",
    );
  });

  it("moves the focused day with the arrow keys and the month with PageUp/PageDown", async () => {
    const { user, address, server } = setup();
    await screen.findByRole("link", { name: /Acme/ });
    expect(day("2026-02-10")).toHaveAttribute("tabindex", "0");
    day("2026-02-10").focus();
    await user.keyboard("{ArrowRight}");
    expect(day("2026-02-11")).toHaveFocus();
    expect(day("2026-02-10")).toHaveAttribute("tabindex", "-1");
    await user.keyboard("{ArrowDown}");
    expect(day("2026-02-18")).toHaveFocus();
    expect(screen.getByText("Nothing on this day.")).toBeInTheDocument();
    await user.keyboard("{PageDown}");
    expect(address()).toBe("/calendar?month=2026-03");
    await waitFor(() => expect(day("2026-03-18")).toHaveFocus());
    expect(await screen.findByRole("link", { name: /Start date · Umbrella/ })).toBeInTheDocument();
    expect(day("2026-03-18").getAttribute("aria-label")).toMatch(/1 start date$/);
    expect(server.requestsTo("GET", /^\/api\/calendar$/)).toHaveLength(2);
    await user.keyboard("{PageUp}{PageUp}");
    expect(address()).toBe("/calendar?month=2026-01");
    await waitFor(() => expect(day("2026-01-18")).toHaveFocus());
  });

  it("changes month with the buttons", async () => {
    const { user, address } = setup();
    await user.click(await screen.findByRole("button", { name: "Next month" }));
    expect(address()).toBe("/calendar?month=2026-03");
    await user.click(screen.getByRole("button", { name: "Previous month" }));
    await user.click(screen.getByRole("button", { name: "Previous month" }));
    expect(address()).toBe("/calendar?month=2026-01");
  });
});
