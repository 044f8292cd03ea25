import { screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createFakeServer } from "../test/fakeServer";
import { renderWithApp } from "../test/render";
import { browserTimeZone } from "../lib/timeZone";
import { AddToCalendar } from "./AddToCalendar";

const ICS =
  "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:event-52@track.jobtrack\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

describe("add to calendar", () => {
  afterEach(() => vi.restoreAllMocks());

  it("downloads the event's .ics in the browser's time zone", async () => {
    const server = createFakeServer();
    server.intercept((request) =>
      request.path === "/api/tracked/17/events/52/ics"
        ? new Response(ICS, { status: 200, headers: { "Content-Type": "text/calendar" } })
        : undefined,
    );
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return "blob:ics";
    });
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      expect(this.download).toBe("acme-corp-interview-round-2-2026-02-03.ics");
      expect(this.href).toBe("blob:ics");
    });
    const { user } = renderWithApp(
      <AddToCalendar
        jobId={17}
        eventId={52}
        company="Acme Corp"
        name="Interview round 2"
        date="2026-02-03"
      />,
      { server },
    );
    await user.click(screen.getByRole("button", { name: "Add Interview round 2 to calendar" }));
    await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
    const [call] = server.requestsTo("GET", /\/ics$/);
    expect(call!.query.get("timezone")).toBe(browserTimeZone());
    expect(await blobs[0]!.text()).toBe(ICS);
  });

  it("says so when the file cannot be had", async () => {
    const server = createFakeServer();
    const { user } = renderWithApp(
      <AddToCalendar jobId={99} eventId={1} company="Gone" name="Applied" date="2026-02-03" />,
      { server },
    );
    await user.click(screen.getByRole("button", { name: "Add Applied to calendar" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not get the calendar file");
  });
});
