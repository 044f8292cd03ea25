import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { createFakeServer, json } from "../../../test/fakeServer";
import { renderWithApp } from "../../../test/render";
import { longDate, type CalendarItem } from "../model/calendarModel";
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

/** Five interviews on 20 February: more than a cell holds. */
const CROWDED = Array.from({ length: 5 }, (_, i) =>
  item({ date: "2026-02-20", event_id: 100 + i, job_id: 30 + i, company: `Crowd ${i + 1}` }),
);

function setup(path = "/calendar?month=2026-02", items = ITEMS, truncated = false) {
  const server = createFakeServer();
  server.intercept((request) => {
    if (request.path !== "/api/calendar") return undefined;
    const from = request.query.get("from") ?? "";
    const to = request.query.get("to") ?? "";
    return json(200, { items: items.filter((i) => i.date >= from && i.date <= to), truncated });
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
      /, today, 3 items: 1 interview, 1 other step, 1 offer deadline$/,
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
    expect(day("2026-03-18").getAttribute("aria-label")).toMatch(/1 item: 1 start date$/);
    expect(server.requestsTo("GET", /^\/api\/calendar$/)).toHaveLength(2);
    await user.keyboard("{PageUp}{PageUp}");
    expect(address()).toBe("/calendar?month=2026-01");
    await waitFor(() => expect(day("2026-01-18")).toHaveFocus());
  });

  it("shows each day's items as chips: time, kind and company, hidden from screen readers", async () => {
    setup();
    await screen.findByRole("link", { name: /Acme/ });
    const chips = [...day("2026-02-10").querySelectorAll(".day-chip")];
    expect(chips.map((chip) => chip.textContent)).toEqual(["14:30Acme", "Globex", "Initech"]);
    expect(chips.map((chip) => chip.getAttribute("data-kind"))).toEqual([
      "interview",
      "offer_deadline",
      "step",
    ]);
    expect(chips[2]).toHaveAttribute("data-muted", "true");
    expect(day("2026-02-10").querySelector(".day-chips")).toHaveAttribute("aria-hidden", "true");
  });

  it("says +N more when a day's chips do not fit, and opens that day's agenda", async () => {
    const { user } = setup("/calendar?month=2026-02", [...ITEMS, ...CROWDED]);
    await screen.findByRole("link", { name: /Acme/ });
    const crowded = day("2026-02-20");
    expect(crowded.querySelectorAll(".day-chip")).toHaveLength(2);
    expect(crowded.querySelector(".day-more")).toHaveTextContent("+3 more");
    expect(crowded.getAttribute("aria-label")).toMatch(/, 5 items: 5 interviews$/);
    await user.click(crowded.querySelector(".day-more")!);
    expect(crowded.closest("td")).toHaveAttribute("aria-selected", "true");
    const agenda = screen.getByRole("region", { name: longDate("2026-02-20") });
    expect(within(agenda).getAllByRole("link")).toHaveLength(5);
    expect(within(agenda).getByRole("link", { name: /Crowd 5/ })).toBeInTheDocument();
  });

  it("shows the month as a list of its days with items, and back", async () => {
    const { user, address } = setup("/calendar?month=2026-02", [...ITEMS, ...CROWDED]);
    await screen.findByRole("link", { name: /Acme/ });
    const layouts = screen.getByRole("group", { name: "Show as" });
    expect(within(layouts).getByRole("button", { name: "Month" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    await user.click(within(layouts).getByRole("button", { name: "Agenda" }));
    expect(address()).toBe("/calendar?month=2026-02&view=agenda");
    expect(screen.queryByRole("grid")).not.toBeInTheDocument();
    const days = screen.getAllByRole("heading", { level: 3 });
    expect(days).toHaveLength(2); // the 10th (today) and the 20th; March's 1st is not February
    expect(days[0]).toHaveTextContent(/Today/);
    expect(screen.getAllByRole("link", { name: /· Crowd/ })).toHaveLength(5);
    await user.click(screen.getByRole("button", { name: "Next month" }));
    expect(address()).toBe("/calendar?month=2026-03&view=agenda");
    expect(await screen.findByRole("link", { name: /Start date · Umbrella/ })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Month" }));
    expect(address()).toBe("/calendar?month=2026-03");
    expect(screen.getByRole("grid")).toBeInTheDocument();
  });

  it("says when the weeks hold more steps than one answer, and up to which day it shows", async () => {
    setup(undefined, ITEMS, true);
    expect(await screen.findByText(/more steps than the calendar can show/)).toHaveTextContent(
      `it shows those up to ${longDate("2026-02-10")}, later days may be missing some`,
    );
  });

  it("says nothing of the kind for a complete month", async () => {
    setup();
    await screen.findByRole("link", { name: /Acme/ });
    expect(screen.queryByText(/more steps than the calendar can show/)).toBeNull();
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
