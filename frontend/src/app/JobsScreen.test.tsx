// The jobs screen: the table and, with a job open, the job as a panel beside it; Escape or
// Close returns to the table with its filters.
import { screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createFakeServer } from "../test/fakeServer";
import { makeJob } from "../test/factories";
import { renderWithApp } from "../test/render";
import { AppRoutes } from "./AppRoutes";

function setup(path: (id: number) => string) {
  const job = makeJob({ company: "Acme", title: "Backend Engineer" });
  const server = createFakeServer({ jobs: [job] });
  return { job, ...renderWithApp(<AppRoutes />, { server, path: path(job.id) }) };
}

describe("JobsScreen", () => {
  it("uses the whole width for the table while no job is open", async () => {
    const { container } = setup(() => "/");
    expect(await screen.findByRole("link", { name: "Acme" })).toBeInTheDocument();
    expect(container.querySelector(".job-panel")).toBeNull();
    expect(screen.getByRole("columnheader", { name: "Salary" })).toBeInTheDocument();
  });

  it("opens the job beside the table (without salary and location); Escape returns, keeping the filters", async () => {
    const { user, address } = setup((id) => `/jobs/${id}?q=acm`);
    // The job view is a lazy chunk: its first import can take over a second on a busy machine.
    await screen.findByRole("heading", { name: /Backend Engineer/, level: 2 }, { timeout: 5000 });
    expect(screen.getByRole("link", { name: "Acme" })).toHaveAttribute("aria-current", "page");
    expect(screen.queryByRole("columnheader", { name: "Salary" })).toBeNull();
    (document.activeElement as HTMLElement | null)?.blur();
    await user.keyboard("{Escape}");
    await waitFor(() => expect(address()).toBe("/?q=acm"));
    await waitFor(() => expect(document.querySelector(".job-panel")).toBeNull());
    await waitFor(() => expect(screen.getByRole("link", { name: "Acme" })).toHaveFocus());
  });

  it("closes from the panel's Close button", async () => {
    const { user, address } = setup((id) => `/jobs/${id}?active=true`);
    await user.click(await screen.findByRole("button", { name: "Close" }));
    await waitFor(() => expect(address()).toBe("/?active=true"));
  });

  it("leaves Escape to a field with focus", async () => {
    const { user, address, job } = setup((id) => `/jobs/${id}`);
    await screen.findByRole("button", { name: "Close" });
    await user.click(screen.getByLabelText("Search company or title"));
    await user.keyboard("{Escape}");
    expect(address()).toBe(`/jobs/${job.id}`);
  });

  describe("on a phone", () => {
    afterEach(() => vi.unstubAllGlobals());

    it("going back to the list puts focus on the job's card, not on the page's body", async () => {
      vi.stubGlobal("matchMedia", (query: string) => ({
        matches: query.includes("max-width: 640px"),
        addEventListener: () => {},
        removeEventListener: () => {},
      }));
      vi.stubGlobal("scrollTo", () => {});
      const { user, address, job } = setup((id) => `/jobs/${id}?q=ac`);
      await user.click(await screen.findByRole("link", { name: /All jobs/ }, { timeout: 5000 }));
      await waitFor(() => expect(address()).toBe("/?q=ac"));
      const card = screen.getByRole("link", { name: /^Acme/ });
      expect(card).toHaveAttribute("href", `/jobs/${job.id}?q=ac`);
      await waitFor(() => expect(card).toHaveFocus());
    });
  });
});
