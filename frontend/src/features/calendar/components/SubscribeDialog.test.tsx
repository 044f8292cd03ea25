import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { createFakeServer, json } from "../../../test/fakeServer";
import { renderWithApp } from "../../../test/render";
import { browserTimeZone } from "../../../lib/timeZone";
import { SubscribeDialog } from "./SubscribeDialog";

/** The feed routes in memory: one feed at most, a new secret per POST. */
function setup() {
  const server = createFakeServer();
  let feed: { timezone: string; steps: string; created_at: string } | null = null;
  let n = 0;
  server.intercept((request) => {
    if (request.path !== "/api/calendar/feed") return undefined;
    if (request.method === "GET")
      return json(200, feed ? { active: true, ...feed } : { active: false });
    if (request.method === "POST") {
      const { timezone, steps = "all" } = request.body as { timezone: string; steps?: string };
      feed = { timezone, steps, created_at: "2026-02-10T12:00:00Z" };
      n += 1;
      return json(201, { url: `http://track.test/api/calendar/feed/secret${n}.ics`, ...feed });
    }
    if (request.method === "DELETE") {
      feed = null;
      return new Response(null, { status: 204 });
    }
    return undefined;
  });
  const view = renderWithApp(<SubscribeDialog onClose={() => {}} />, { server });
  return view;
}

describe("the subscribe dialog", () => {
  it("creates the feed in the browser's zone and copies its address", async () => {
    const { user, server } = setup();
    expect(await screen.findByText("No feed is active.")).toBeInTheDocument();
    const zone = screen.getByRole("combobox", { name: "Time zone" });
    expect(zone).toHaveValue(browserTimeZone());
    await user.click(screen.getByRole("button", { name: "Create address" }));
    const url = await screen.findByRole("textbox", { name: /Your feed address/ });
    expect(url).toHaveValue("http://track.test/api/calendar/feed/secret1.ics");
    expect(server.requestsTo("POST", /^\/api\/calendar\/feed$/)[0]!.body).toEqual({
      timezone: browserTimeZone(),
      steps: "appointments",
    });
    expect(screen.getByText(/A feed is active \(appointments only/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Copy" }));
    expect(await screen.findByText("Copied.")).toBeInTheDocument();
    expect(await navigator.clipboard.readText()).toBe(
      "http://track.test/api/calendar/feed/secret1.ics",
    );
    expect(screen.getByText(/Google Calendar/)).toBeInTheDocument();
    expect(screen.getByText(/Apple Calendar/)).toBeInTheDocument();
    expect(screen.getByText(/Outlook/)).toBeInTheDocument();
  });

  it("offers appointments only first, chosen, and every step as the other choice", async () => {
    const { user, server } = setup();
    const group = await screen.findByRole("group", { name: "What the feed holds" });
    const choices = within(group).getAllByRole("radio");
    expect(choices.map((radio) => radio.closest("label")?.textContent)).toEqual([
      expect.stringMatching(/^Appointments only.*interviews.*offer deadlines.*apply-by dates/),
      expect.stringMatching(/^Every step.*each application, offer, rejection/),
    ]);
    expect(within(group).getByRole("radio", { name: /Appointments only/ })).toBeChecked();
    await user.click(within(group).getByRole("radio", { name: /Every step/ }));
    await user.click(screen.getByRole("button", { name: "Create address" }));
    await screen.findByDisplayValue(/secret1/);
    expect(server.requestsTo("POST", /^\/api\/calendar\/feed$/)[0]!.body).toMatchObject({
      steps: "all",
    });
    expect(screen.getByText(/A feed is active \(every step/)).toBeInTheDocument();
    await user.click(within(group).getByRole("radio", { name: /Appointments only/ }));
    expect(screen.getByText("A new address applies the change.")).toBeInTheDocument();
  });

  it("selects the address when the clipboard refuses", async () => {
    const { user } = setup();
    await user.click(await screen.findByRole("button", { name: "Create address" }));
    const url = await screen.findByRole("textbox", { name: /Your feed address/ });
    const original = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = () => Promise.reject(new Error("denied"));
    try {
      await user.click(screen.getByRole("button", { name: "Copy" }));
      expect(await screen.findByText(/press Ctrl\+C/)).toBeInTheDocument();
      expect(url).toHaveFocus();
    } finally {
      navigator.clipboard.writeText = original;
    }
  });

  it("gives a new address after saying the old one stops working", async () => {
    const { user } = setup();
    await user.click(await screen.findByRole("button", { name: "Create address" }));
    await screen.findByDisplayValue(/secret1/);
    await user.click(screen.getByRole("button", { name: "New address" }));
    const confirm = await screen.findByRole("alertdialog", { name: "Replace the feed address?" });
    expect(confirm).toHaveTextContent(/stops working/);
    expect(within(confirm).getByRole("button", { name: "Cancel" })).toHaveFocus();
    await user.click(within(confirm).getByRole("button", { name: "Replace address" }));
    expect(await screen.findByDisplayValue(/secret2/)).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());
  });

  it("turns the feed off after a confirmation that focuses Cancel", async () => {
    const { user, server } = setup();
    await user.click(await screen.findByRole("button", { name: "Create address" }));
    await screen.findByDisplayValue(/secret1/);
    await user.click(screen.getByRole("button", { name: "Turn off" }));
    let confirm = await screen.findByRole("alertdialog", { name: "Turn off the feed?" });
    expect(within(confirm).getByRole("button", { name: "Cancel" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(server.requestsTo("DELETE", /^\/api\/calendar\/feed$/)).toHaveLength(0);
    await user.click(screen.getByRole("button", { name: "Turn off" }));
    confirm = await screen.findByRole("alertdialog", { name: "Turn off the feed?" });
    await user.click(within(confirm).getByRole("button", { name: "Turn off" }));
    expect(await screen.findByText("No feed is active.")).toBeInTheDocument();
    expect(server.requestsTo("DELETE", /^\/api\/calendar\/feed$/)).toHaveLength(1);
    expect(screen.queryByRole("textbox", { name: /Your feed address/ })).not.toBeInTheDocument();
  });
});
