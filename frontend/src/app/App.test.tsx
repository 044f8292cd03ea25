// The shell with the real API client: a response from an API built from another schema shows
// the update notice above the page, which keeps working.
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { createDevAuth } from "../features/auth/model/devAuth";
import { SCHEMA_VERSION } from "../generated/trackingSchema.js";
import { SCHEMA_VERSION_HEADER, createApiClient } from "../lib/apiClient";
import { testQueryClient } from "../test/render";
import { App } from "./App";

function renderSignedIn(serverVersion: string) {
  sessionStorage.setItem("track.auth.dev", JSON.stringify({ sub: "alice", token: "t" }));
  const fetchImpl = vi.fn(
    async () =>
      new Response(JSON.stringify({ items: [], next_cursor: null }), {
        status: 200,
        headers: { "Content-Type": "application/json", [SCHEMA_VERSION_HEADER]: serverVersion },
      }),
  );
  const api = createApiClient({ fetchImpl });
  const auth = createDevAuth({ requestToken: vi.fn(), channel: null });
  api.setAuth(auth);
  render(<App auth={auth} api={api} createClient={testQueryClient} />);
  return fetchImpl;
}

const banner = () => screen.queryByText("Track was updated. Reload to get the new version.");

describe("the app shell", () => {
  it("shows the update notice once the API reports another schema version", async () => {
    const fetchImpl = renderSignedIn("0123456789abcdef");
    expect(
      await screen.findByText("Track was updated. Reload to get the new version."),
    ).toBeInTheDocument();
    const region = banner()!.closest<HTMLElement>('[role="status"]')!;
    expect(within(region).getByRole("button", { name: "Reload" })).toBeEnabled();
    expect(fetchImpl).toHaveBeenCalled();
    expect(await screen.findByRole("heading", { name: "Nothing tracked yet" })).toBeInTheDocument();
  });

  it("shows nothing while the versions match", async () => {
    const fetchImpl = renderSignedIn(SCHEMA_VERSION);
    expect(await screen.findByRole("heading", { name: "Nothing tracked yet" })).toBeInTheDocument();
    expect(fetchImpl).toHaveBeenCalled();
    expect(banner()).not.toBeInTheDocument();
  });
});
