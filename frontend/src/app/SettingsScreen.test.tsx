import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { createFakeServer, json } from "../test/fakeServer";
import { renderWithApp } from "../test/render";
import { SettingsScreen } from "./SettingsScreen";

describe("the settings page, composed", () => {
  it("opens the calendar's subscribe dialog from its first card", async () => {
    const server = createFakeServer();
    server.intercept((r) =>
      r.path === "/api/calendar/feed" && r.method === "GET"
        ? json(200, { active: false })
        : r.path === "/api/notifications/settings"
          ? json(200, {
              email: null,
              digest: false,
              digest_hour: 7,
              timezone: "UTC",
              follow_up_days: 14,
            })
          : undefined,
    );
    const { user } = renderWithApp(<SettingsScreen />, { server });
    const headings = screen.getAllByRole("heading", { level: 3 }).map((h) => h.textContent);
    expect(headings).toEqual([
      "Calendar subscription",
      "Notifications",
      "Save postings from any page",
      "Export",
      "Import",
      "Your data",
    ]);
    await user.click(screen.getByRole("button", { name: "Subscribe in your calendar app…" }));
    expect(await screen.findByText("No feed is active.")).toBeInTheDocument();
    expect(screen.getByRole("dialog", { name: "Subscribe in your calendar app" })).toBeVisible();
  });
});

describe("the bookmarklet card", () => {
  it("offers a bookmarklet made for this page's own origin, to drag", () => {
    renderWithApp(<SettingsScreen />);
    const link = screen.getByText("Save to Track").closest("a")!;
    const href = link.getAttribute("href") ?? "";
    expect(href.startsWith("javascript:")).toBe(true);
    expect(decodeURIComponent(href)).toContain(JSON.stringify(window.location.origin));
    expect(screen.getByText("Drag this to your bookmarks bar.")).toBeInTheDocument();
  });
});
