import { act, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createFakeServer, json } from "../../../test/fakeServer";
import { renderWithApp } from "../../../test/render";
import { PAGE_MESSAGE, READY_MESSAGE } from "../model/messages";
import { CapturePage } from "./CapturePage";

const captured = {
  posting: {
    company: "Example Co",
    title: "Data Engineer",
    job_url: "https://jobs.example.test/1",
    location: "Berlin",
    remote: null,
    employment_type: "PART_TIME",
    salary: null,
    date_posted: "2026-03-01",
    valid_through: null,
    description_html: "<p>Build pipelines.</p>",
    description_text: "Build pipelines.",
    source: "json-ld",
  },
  duplicates: [
    { id: 7, company: "Example Co", title: "Data Eng", stage: "saved", reason: "similar" },
  ],
};

afterEach(() => {
  sessionStorage.clear();
  Object.defineProperty(window, "opener", { value: null, configurable: true });
});

describe("the /capture window", () => {
  it("says ready to its opener, takes the page it sends, and saves the prefilled job", async () => {
    const opener = { postMessage: vi.fn() };
    Object.defineProperty(window, "opener", { value: opener, configurable: true });
    const server = createFakeServer();
    server.intercept((r) =>
      r.path === "/api/capture" && r.method === "POST" ? json(200, captured) : undefined,
    );
    const { user } = renderWithApp(<CapturePage />, { server, path: "/capture" });
    expect(screen.getByText("Waiting for the posting’s page…")).toBeInTheDocument();
    expect(opener.postMessage).toHaveBeenCalledWith({ type: READY_MESSAGE }, "*");

    // A page from another window is ignored; the opener's is taken.
    const send = (source: unknown) =>
      act(() => {
        const event = new MessageEvent("message", {
          origin: "https://jobs.example.test",
          data: { type: PAGE_MESSAGE, url: "https://jobs.example.test/1?ref=x", html: "<p></p>" },
        });
        Object.defineProperty(event, "source", { value: source });
        window.dispatchEvent(event);
      });
    send({});
    expect(server.requests.some((r) => r.path === "/api/capture")).toBe(false);
    send(opener);

    expect(await screen.findByRole("textbox", { name: /Company/ })).toHaveValue("Example Co");
    expect(screen.getByText(/Similar:/)).toBeInTheDocument();
    expect(screen.getByText("Part-time")).toBeInTheDocument();
    expect(screen.getByText("Build pipelines.")).toBeInTheDocument();
    expect(sessionStorage.length).toBe(1);
    await user.click(screen.getByRole("button", { name: "Track it anyway" }));
    expect(await screen.findByRole("heading", { name: /Saved to Track/ })).toHaveFocus();
    const body = server.requests.find((r) => r.path === "/api/tracked" && r.method === "POST")!
      .body as { company: string; posting: { employment_type: string } };
    expect(body.company).toBe("Example Co");
    expect(body.posting.employment_type).toBe("PART_TIME");
    expect(screen.getByRole("link", { name: /Open in Track/ })).toHaveAttribute(
      "href",
      expect.stringMatching(/^\/jobs\/\d+$/),
    );
    await waitFor(() => expect(sessionStorage.length).toBe(0));
  });

  it("explains itself when opened without the bookmarklet", () => {
    renderWithApp(<CapturePage />, { path: "/capture" });
    expect(screen.getByRole("link", { name: "Set up the bookmarklet" })).toBeInTheDocument();
  });
});
