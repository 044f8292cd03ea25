import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { todayIso } from "../../../lib/format";
import { browserTimeZone } from "../../../lib/timeZone";
import { createFakeServer, json } from "../../../test/fakeServer";
import { renderWithApp } from "../../../test/render";
import type { Digest, NotificationSettings as Settings } from "../api/notificationsApi";
import { nextDay } from "../model/notificationsModel";
import { NotificationSettings } from "./NotificationSettings";

const DEFAULTS: Settings = {
  email: null,
  digest: false,
  digest_hour: 7,
  timezone: "UTC",
  follow_up_days: 14,
  push: false,
  digest_paused_reason: null,
};

const DIGEST: Digest = {
  date: "2026-12-05",
  subject: "1 interview tomorrow, 1 job to follow up",
  sections: [
    {
      kind: "today",
      items: [
        {
          job_id: 17,
          company: "Acme",
          title: "Backend Engineer",
          label: "Interview round 2",
          date: "2026-12-05",
          time: "14:30",
          location: "Zoom",
        },
      ],
    },
    {
      kind: "follow_up",
      items: [
        {
          job_id: 18,
          company: "Globex",
          title: "SRE",
          label: "No reply for 15 days",
          date: "2026-11-20",
          time: null,
          location: null,
        },
      ],
    },
  ],
};

/** The notification routes in memory: GET and PUT settings (422 for a bad address or a digest
 * with none), GET the digest. */
function setup({ saved = DEFAULTS, digest = DIGEST, signInEmail = null as string | null } = {}) {
  const server = createFakeServer();
  let settings = saved;
  server.intercept((request) => {
    if (request.path === "/api/notifications/settings") {
      if (request.method === "GET") return json(200, settings);
      if (request.method === "PUT") {
        const body = request.body as Settings;
        if (body.email !== null && !body.email.includes("@"))
          return json(422, {
            detail: [
              { loc: ["body", "email"], msg: "email must be an address such as name@example.com" },
            ],
          });
        if (body.digest && !body.email)
          return json(422, {
            detail: [{ loc: ["body", "digest"], msg: "digest needs an email address to send to" }],
          });
        settings = { ...body, digest_paused_reason: null };
        return json(200, settings);
      }
    }
    if (request.path === "/api/notifications/digest" && request.method === "GET")
      return json(200, digest);
    return undefined;
  });
  return renderWithApp(<NotificationSettings signInEmail={signInEmail} />, { server });
}

describe("the notifications card", () => {
  it("starts from the sign-in's address and the browser's zone, and saves the whole object", async () => {
    const { user, server } = setup({ signInEmail: "alice@example.com" });
    const email = await screen.findByRole("textbox", { name: "Email" });
    expect(email).toHaveValue("alice@example.com");
    expect(screen.getByRole("combobox", { name: "Time zone" })).toHaveValue(browserTimeZone());
    expect(screen.getByRole("combobox", { name: "At" })).toHaveValue("7");
    expect(screen.getByRole("checkbox", { name: "Send me a morning digest" })).not.toBeChecked();
    await user.click(screen.getByRole("checkbox", { name: "Send me a morning digest" }));
    await user.selectOptions(screen.getByRole("combobox", { name: "At" }), "08:00");
    const days = screen.getByRole("spinbutton", { name: /Follow up after/ });
    await user.clear(days);
    await user.type(days, "10");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Saved.")).toBeInTheDocument();
    expect(server.requestsTo("PUT", /^\/api\/notifications\/settings$/)[0]!.body).toEqual({
      email: "alice@example.com",
      digest: true,
      digest_hour: 8,
      timezone: browserTimeZone(),
      follow_up_days: 10,
    });
  });

  it("shows what is saved rather than the sign-in's address once something is", async () => {
    setup({
      saved: { ...DEFAULTS, email: "work@example.com", timezone: "Asia/Tokyo", digest: true },
      signInEmail: "alice@example.com",
    });
    expect(await screen.findByRole("textbox", { name: "Email" })).toHaveValue("work@example.com");
    expect(screen.getByRole("combobox", { name: "Time zone" })).toHaveValue("Asia/Tokyo");
    expect(screen.getByRole("checkbox", { name: "Send me a morning digest" })).toBeChecked();
  });

  it("puts the server's refusal beside the field it names", async () => {
    const { user } = setup();
    await user.click(await screen.findByRole("checkbox", { name: "Send me a morning digest" }));
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText(/needs an email address/)).toBeInTheDocument();
    await user.type(screen.getByRole("textbox", { name: "Email" }), "not-an-address");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText(/such as name@example.com/)).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "Email" })).toHaveAttribute("aria-invalid", "true");
  });

  it("previews tomorrow's digest, linking each item to its job", async () => {
    const { user, server } = setup({ saved: { ...DEFAULTS, email: "a@example.com" } });
    await user.click(await screen.findByRole("button", { name: "Preview tomorrow's digest" }));
    const preview = await screen.findByRole("region", { name: /Tomorrow's digest/ });
    expect(await within(preview).findByText(DIGEST.subject)).toBeInTheDocument();
    expect(within(preview).getByRole("heading", { name: "That day" })).toBeInTheDocument();
    expect(within(preview).getByRole("heading", { name: "Follow up" })).toBeInTheDocument();
    expect(within(preview).getByRole("link", { name: "Interview round 2 · Acme" })).toHaveAttribute(
      "href",
      "/jobs/17",
    );
    expect(within(preview).getByText(/14:30 · Zoom/)).toBeInTheDocument();
    const asked = server.requestsTo("GET", /^\/api\/notifications\/digest$/);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.query.get("date")).toBe(nextDay(todayIso()));
  });

  it("says when tomorrow's digest would be empty, and why a digest was paused", async () => {
    const { user } = setup({
      saved: { ...DEFAULTS, email: "a@example.com", digest_paused_reason: "bounce" },
      digest: { date: "2026-12-05", subject: "", sections: [] },
    });
    expect(await screen.findByText(/bounced, so the digest was turned off/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Preview tomorrow's digest" }));
    expect(await screen.findByText(/no mail would be sent/)).toBeInTheDocument();
  });
});
