import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { App } from "./App";
import { createApiClient } from "../lib/apiClient";
import { createFakeServer } from "../test/fakeServer";
import { testQueryClient } from "../test/render";
import { createDevAuth } from "../features/auth/model/devAuth";

function setup(
  requestToken = vi.fn(async (sub: string) => ({ access_token: `token-for-${sub}` })),
) {
  const auth = createDevAuth({ requestToken, channel: null });
  const api = createApiClient({ fetchImpl: createFakeServer().fetch });
  api.setAuth(auth);
  render(<App auth={auth} api={api} createClient={testQueryClient} />);
  return { auth, requestToken };
}

describe("dev sign-in", () => {
  it("continues as a name, keeps the token for the session, and signs out", async () => {
    const user = userEvent.setup();
    const { auth, requestToken } = setup();
    await user.type(screen.getByLabelText("Continue as"), "  alice ");
    await user.click(screen.getByRole("button", { name: "Continue" }));
    expect(requestToken).toHaveBeenCalledWith("alice");
    expect(await screen.findByText("alice")).toBeInTheDocument();
    expect(JSON.parse(sessionStorage.getItem("track.auth.dev")!)).toEqual({
      sub: "alice",
      token: "token-for-alice",
    });
    expect(await auth.getAccessToken()).toBe("token-for-alice");

    await user.click(screen.getByRole("button", { name: "Sign out" }));
    // Sign-out first deletes this user's offline data (loaded lazily), then shows the sign-in.
    expect(await screen.findByLabelText("Continue as")).toBeInTheDocument();
    expect(sessionStorage.getItem("track.auth.dev")).toBeNull();
  });

  it("asks for a name before any request", async () => {
    const user = userEvent.setup();
    const { requestToken } = setup();
    await user.click(screen.getByRole("button", { name: "Continue" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Enter a name to continue as.");
    expect(requestToken).not.toHaveBeenCalled();
  });

  it("shows why the server refused", async () => {
    const user = userEvent.setup();
    setup(
      vi.fn(async () =>
        Promise.reject(
          new Error("Could not reach the server; check your connection and try again."),
        ),
      ),
    );
    await user.type(screen.getByLabelText("Continue as"), "bob{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not reach the server");
  });

  it("a 401 later ends the session (expire)", async () => {
    const { auth } = setup();
    sessionStorage.setItem("track.auth.dev", JSON.stringify({ sub: "x", token: "t" }));
    expect(await auth.refresh()).toBe(false);
    auth.expire();
    expect(auth.getUser()).toBeNull();
  });
});
