// The page opened with no session and no network (a new tab, the installed app on a train): the
// last signed-in user's jobs, read-only from the device, under a banner that says since when;
// the sign-in once the server answers again, their queue kept; sign-out leaves nothing to read.
import "fake-indexeddb/auto";
import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { clear, keys } from "idb-keyval";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { createDevAuth } from "../features/auth/model/devAuth";
import { createApiClient } from "../lib/apiClient";
import { READER_KEY } from "../lib/offline";
import { offlineStore } from "../lib/offline/persist";
import { getSession } from "../lib/offline/start";
import { makeJob } from "../test/factories";
import { createFakeServer, json } from "../test/fakeServer";
import { testQueryClient } from "../test/render";
import { App } from "./App";

const jwt = (sub: string) =>
  `e30.${btoa(JSON.stringify({ sub })).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")}.sig`;

let connected = true;
let online: MockInstance<() => boolean>;

function startPage() {
  const server = createFakeServer({
    jobs: [makeJob({ id: 41, company: "Initech", title: "Field Engineer" })],
  });
  server.intercept((request) =>
    request.path === "/api/auth/dev-token"
      ? json(200, { access_token: jwt(String((request.body as { sub: string }).sub)) })
      : undefined,
  );
  const fetchImpl: typeof fetch = (...args) =>
    connected ? server.fetch(...args) : Promise.reject(new TypeError("Failed to fetch"));
  const api = createApiClient({ fetchImpl });
  const auth = createDevAuth({
    requestToken: (sub) => api.post("/api/auth/dev-token", { body: { sub }, auth: false }),
    channel: null,
  });
  api.setAuth(auth);
  const view = render(<App auth={auth} api={api} createClient={testQueryClient} />);
  return { ...view, server, user: userEvent.setup() };
}

/** Olive signs in and sees her job, then closes the page: the tab's session goes with it. */
async function oliveWasHere() {
  const page = startPage();
  await page.user.type(screen.getByLabelText("Continue as"), "olive");
  await page.user.click(screen.getByRole("button", { name: "Continue" }));
  await screen.findByRole("link", { name: "Initech" });
  await waitFor(async () => expect(await keys(offlineStore())).toContain("cache:olive"));
  page.unmount();
  sessionStorage.clear();
}

function goOffline() {
  connected = false;
  online.mockReturnValue(false);
}

beforeEach(() => {
  connected = true;
  online = vi.spyOn(navigator, "onLine", "get").mockReturnValue(true);
});
afterEach(async () => {
  getSession()?.stop();
  localStorage.clear();
  await clear(offlineStore());
});

describe("a start with no session", () => {
  it("offline, shows the last user's jobs read-only under a banner saying since when", async () => {
    await oliveWasHere();
    goOffline();
    startPage();
    await screen.findByRole("link", { name: "Initech" });
    expect(screen.queryByLabelText("Continue as")).not.toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByText(/^You're offline — showing what you saw at/)).toHaveTextContent(
        /^You're offline — showing what you saw at \d\d:\d\d( [AP]M)?; sign in when you're back online to send changes\.$/,
      ),
    );
    expect(screen.queryByRole("button", { name: "Sign in" })).not.toBeInTheDocument();
  });

  it("online but with the server out of reach, reads offline too", async () => {
    await oliveWasHere();
    connected = false;
    startPage();
    await screen.findByRole("link", { name: "Initech" });
    expect(await screen.findByText(/^You're offline — showing what you saw at/)).toBeVisible();
  });

  it("asks for the sign-in once the server answers again, keeping the changes that wait", async () => {
    await oliveWasHere();
    goOffline();
    const page = startPage();
    await screen.findByRole("link", { name: "Initech" });
    await waitFor(() => expect(getSession()?.reading).toBe(true));
    await act(() =>
      getSession()!.outbox.add({
        kind: "event",
        jobId: 41,
        body: { event_type: "applied", event_date: "2026-03-02" },
        key: "k-1",
      }),
    );
    expect(await screen.findByText(/1 change waits to be sent/)).toBeVisible();

    connected = true;
    online.mockReturnValue(true);
    act(() => void window.dispatchEvent(new Event("online")));
    expect(
      await screen.findByText(
        "You're back online: sign in to see the latest and send your 1 change.",
      ),
    ).toBeVisible();
    expect(page.server.requestsTo("POST", /events$/)).toHaveLength(0);
    await page.user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByLabelText("Continue as")).toBeVisible();
    expect(await keys(offlineStore())).toContain("outbox:olive");

    await page.user.type(screen.getByLabelText("Continue as"), "olive");
    await page.user.click(screen.getByRole("button", { name: "Continue" }));
    await waitFor(() => expect(page.server.requestsTo("POST", /events$/)).toHaveLength(1));
    expect(page.server.job(41)?.stage).toBe("applied");
  });

  it("signed out from offline, leaves only the sign-in for the next start", async () => {
    await oliveWasHere();
    goOffline();
    const page = startPage();
    await screen.findByRole("link", { name: "Initech" });
    await waitFor(() => expect(getSession()?.reading).toBe(true));
    await page.user.click(screen.getByRole("button", { name: "Sign out" }));
    expect(await screen.findByLabelText("Continue as")).toBeVisible();
    expect(localStorage.getItem(READER_KEY)).toBeNull();
    expect(await keys(offlineStore())).toEqual([]);
    page.unmount();

    startPage();
    expect(screen.getByLabelText("Continue as")).toBeVisible();
    expect(screen.queryByText(/Field Engineer/)).not.toBeInTheDocument();
  });

  it("online with the server answering, is the sign-in", async () => {
    await oliveWasHere();
    const page = startPage();
    await waitFor(() => expect(page.server.requestsTo("GET", /^\/api\/health$/)).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.getByLabelText("Continue as")).toBeVisible();
    expect(screen.queryByRole("link", { name: "Initech" })).not.toBeInTheDocument();
  });

  it("offline with nothing remembered, is the sign-in", () => {
    goOffline();
    startPage();
    expect(screen.getByLabelText("Continue as")).toBeVisible();
  });
});
