import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { createFakeServer, json } from "../../../test/fakeServer";
import { renderWithApp } from "../../../test/render";
import { AccountSection } from "./AccountSection";

function serve({ refuse = false } = {}) {
  const server = createFakeServer();
  server.intercept((r) => {
    if (r.path !== "/api/account") return undefined;
    if (r.method === "GET") {
      return json(200, { jobs: 12, events: 40, documents: 3, stored_bytes: 2_621_440 });
    }
    if (r.method === "DELETE") {
      return refuse
        ? json(503, { detail: "The database is unavailable right now." })
        : new Response(null, { status: 204 });
    }
    return undefined;
  });
  return server;
}

describe("Your data", () => {
  it("says what is kept, and deletes only once the exact phrase is typed", async () => {
    const server = serve();
    const onDeleted = vi.fn(() => Promise.resolve());
    const { user } = renderWithApp(<AccountSection onDeleted={onDeleted} />, { server });
    expect(await screen.findByTestId("account-kept")).toHaveTextContent(
      "Track keeps 12 jobs with 40 steps, and 3 documents (2.5 MB).",
    );
    const button = screen.getByRole("button", { name: "Delete my data" });
    const field = screen.getByLabelText("Type delete my data to confirm");
    expect(button).toBeDisabled();
    await user.type(field, "Delete my data");
    expect(button).toBeDisabled(); // the phrase exactly, as the API checks it
    await user.clear(field);
    await user.type(field, "delete my data");
    expect(button).toBeEnabled();
    await user.click(button);
    await waitFor(() => expect(onDeleted).toHaveBeenCalledTimes(1));
    const [sent] = server.requestsTo("DELETE", /^\/api\/account$/);
    expect(sent!.body).toEqual({ confirm: "delete my data" });
  });

  it("says nothing was deleted when the API refuses, and keeps the sign-in", async () => {
    const server = serve({ refuse: true });
    const onDeleted = vi.fn(() => Promise.resolve());
    const { user } = renderWithApp(<AccountSection onDeleted={onDeleted} />, { server });
    await user.type(
      await screen.findByLabelText("Type delete my data to confirm"),
      "delete my data",
    );
    await user.click(screen.getByRole("button", { name: "Delete my data" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(/Nothing was deleted/);
    expect(onDeleted).not.toHaveBeenCalled();
  });

  it("says so when the data is gone but the sign-in account could not be deleted", async () => {
    const server = serve();
    const onDeleted = vi.fn(() => Promise.reject(new Error("Access Token has been revoked")));
    const { user } = renderWithApp(<AccountSection onDeleted={onDeleted} />, { server });
    await user.type(
      await screen.findByLabelText("Type delete my data to confirm"),
      "delete my data",
    );
    await user.click(screen.getByRole("button", { name: "Delete my data" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Your data is deleted, but the sign-in account is not: Access Token has been revoked",
    );
  });
});
