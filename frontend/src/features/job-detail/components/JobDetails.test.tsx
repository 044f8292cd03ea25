import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { useState } from "react";
import type { TrackedJob } from "../../../lib/apiTypes";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Link } from "wouter";
import { createFakeServer, json } from "../../../test/fakeServer";
import { makeJob } from "../../../test/factories";
import { renderWithApp } from "../../../test/render";
import { JobDetails } from "./JobDetails";

function setup(notes = { salary: "100k" }, show = true) {
  const job = makeJob({ notes });
  const server = createFakeServer({ jobs: [job] });
  const view = renderWithApp(
    <>
      {show && <JobDetails job={job} />}
      <button>elsewhere</button>
    </>,
    { server },
  );
  const patches = () => server.requestsTo("PATCH", /./).map((r) => r.body);
  return { ...view, patches };
}

/** JobDetails whose job the test replaces, as a refetch would. */
function withJob(initial: TrackedJob) {
  const control: { set: (job: TrackedJob) => void } = { set: () => {} };
  function Harness() {
    const [job, setJob] = useState(initial);
    control.set = setJob;
    return <JobDetails job={job} />;
  }
  return { ui: <Harness />, setJob: (job: TrackedJob) => act(() => control.set(job)) };
}

describe("JobDetails", () => {
  it("renders salary, location and general note from METADATA_FIELDS with their values", () => {
    setup();
    expect(screen.getByLabelText("Salary")).toHaveValue("100k");
    expect(screen.getByLabelText("Salary")).toHaveAttribute("maxlength", "100");
    expect(screen.getByLabelText("Location")).toHaveValue("");
    expect(screen.getByLabelText("General note").tagName).toBe("TEXTAREA");
  });

  it("does not save on blur when nothing changed", async () => {
    const { user, patches } = setup();
    await user.click(screen.getByLabelText("Salary"));
    await user.type(screen.getByLabelText("Salary"), "x{Backspace}");
    await user.click(screen.getByRole("button", { name: "elsewhere" }));
    expect(patches()).toHaveLength(0);
    expect(screen.queryByText(/Saved/)).toBeNull();
  });

  it("saves a changed field on blur, says saved, and clears an emptied one with null", async () => {
    const { user, patches } = setup();
    await user.type(screen.getByLabelText("Location"), "Remote");
    await user.tab();
    expect(await screen.findByText("Saved")).toBeInTheDocument();
    await user.clear(screen.getByLabelText("Salary"));
    await user.tab();
    await waitFor(() =>
      expect(patches()).toEqual([{ notes: { location: "Remote" } }, { notes: { salary: null } }]),
    );
  });

  it("says a failed save failed, at the field, and retries on the next blur", async () => {
    const { user, server, patches } = setup();
    let failures = 1;
    server.intercept((r) =>
      r.method === "PATCH" && failures-- > 0
        ? json(409, { detail: "This job is rejected, so it cannot be changed." })
        : undefined,
    );
    await user.type(screen.getByLabelText("Salary"), "+");
    await user.tab();
    const salary = screen.getByLabelText("Salary");
    await waitFor(() => expect(salary).toHaveAttribute("aria-invalid", "true"));
    expect(salary).toHaveAccessibleDescription(/Not saved: This job is rejected/);
    await user.click(salary);
    await user.tab();
    expect(await screen.findByText("Saved")).toBeInTheDocument();
    expect(patches()).toHaveLength(2);
  });

  it("shows the server's 422 for the field, in plain words", async () => {
    const { user, server } = setup();
    server.intercept((r) =>
      r.method === "PATCH"
        ? json(422, {
            detail: [
              {
                loc: ["body", "notes", "salary"],
                msg: "String should have at most 100 characters",
                type: "string_too_long",
              },
            ],
          })
        : undefined,
    );
    await user.type(screen.getByLabelText("Salary"), "!");
    await user.tab();
    await waitFor(() =>
      expect(screen.getByLabelText("Salary")).toHaveAccessibleDescription(
        /Not saved: At most 100 characters\./,
      ),
    );
  });

  it("saves while typing, after a short pause, without leaving the field", async () => {
    const { user, patches } = setup();
    await user.type(screen.getByLabelText("Location"), "Berlin");
    expect(screen.getByLabelText("Location")).toHaveFocus();
    expect(patches()).toHaveLength(0); // not at every keystroke
    await waitFor(() => expect(patches()).toEqual([{ notes: { location: "Berlin" } }]), {
      timeout: 3000,
    });
    expect(await screen.findByText("Saved")).toBeInTheDocument();
    await user.tab(); // nothing left to send
    expect(patches()).toHaveLength(1);
  });

  it("asks the browser to warn before the tab closes while a save is waiting", async () => {
    const { user } = setup();
    const unload = () => {
      const event = new Event("beforeunload", { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(unload()).toBe(false);
    await user.type(screen.getByLabelText("Salary"), "+");
    expect(unload()).toBe(true);
    await user.tab();
    expect(await screen.findByText("Saved")).toBeInTheDocument();
    expect(unload()).toBe(false);
  });

  it("sends what is still waiting when the job view goes away", async () => {
    const job = makeJob({ notes: {} });
    const server = createFakeServer({ jobs: [job] });
    const { user, unmount } = renderWithApp(<JobDetails job={job} />, { server });
    await user.type(screen.getByLabelText("Location"), "Remote");
    unmount();
    await waitFor(() =>
      expect(server.requestsTo("PATCH", /./).map((r) => r.body)).toEqual([
        { notes: { location: "Remote" } },
      ]),
    );
  });

  it("does not overwrite a value changed elsewhere while typing, and says so", async () => {
    const job = makeJob({ notes: { salary: "100k" } });
    const server = createFakeServer({ jobs: [job] });
    const harness = withJob(job);
    const { user } = renderWithApp(harness.ui, { server });
    const patches = () => server.requestsTo("PATCH", /./).map((r) => r.body);
    const salary = screen.getByLabelText("Salary");
    fireEvent.focus(salary);
    await user.type(salary, " gross");
    // Meanwhile another tab saved another salary; this view learns it (a refetch).
    harness.setJob({ ...job, notes: { salary: "120k" } });
    fireEvent.blur(salary);
    await waitFor(() =>
      expect(salary).toHaveAccessibleDescription(
        /Not saved: It was changed elsewhere \(now “120k”\) while you typed\./,
      ),
    );
    expect(salary).toHaveValue("100k gross");
    expect(patches()).toHaveLength(0);
    // Leaving the field again keeps the typed value, deliberately.
    fireEvent.blur(salary);
    await waitFor(() => expect(patches()).toEqual([{ notes: { salary: "100k gross" } }]));
  });

  it("takes a change from elsewhere into a field nobody is typing in", () => {
    const job = makeJob({ notes: { salary: "100k" } });
    const server = createFakeServer({ jobs: [job] });
    const harness = withJob(job);
    renderWithApp(harness.ui, { server });
    harness.setJob({ ...job, notes: { salary: "120k", location: "Oslo" } });
    expect(screen.getByLabelText("Salary")).toHaveValue("120k");
    expect(screen.getByLabelText("Location")).toHaveValue("Oslo");
  });

  describe("leaving for another view inside the page", () => {
    afterEach(() => vi.unstubAllGlobals());
    function withLink() {
      const job = makeJob({ notes: {} });
      const server = createFakeServer({ jobs: [job] });
      const view = renderWithApp(
        <>
          <JobDetails job={job} />
          <Link href="/?q=x">All jobs</Link>
        </>,
        { server, path: `/jobs/${job.id}` },
      );
      return { ...view, patches: () => server.requestsTo("PATCH", /./).map((r) => r.body) };
    }

    it("saves what was typed first, then goes", async () => {
      const confirm = vi.fn(() => false);
      vi.stubGlobal("confirm", confirm);
      const { user, address, patches } = withLink();
      await user.type(screen.getByLabelText("Location"), "Remote");
      await user.click(screen.getByRole("link", { name: "All jobs" }));
      await waitFor(() => expect(address()).toBe("/?q=x"));
      expect(patches()).toEqual([{ notes: { location: "Remote" } }]);
      expect(confirm).not.toHaveBeenCalled();
    });

    it("asks before going when the save fails, and stays when the person says no", async () => {
      const confirm = vi.fn(() => false);
      vi.stubGlobal("confirm", confirm);
      const { user, server, address } = withLink();
      server.intercept((r) => (r.method === "PATCH" ? json(503, { detail: "Down." }) : undefined));
      await user.type(screen.getByLabelText("Location"), "Remote");
      await user.click(screen.getByRole("link", { name: "All jobs" }));
      await waitFor(() => expect(confirm).toHaveBeenCalled());
      expect(address()).toMatch(/^\/jobs\//);
      expect(screen.getByLabelText("Location")).toHaveValue("Remote");
      confirm.mockReturnValue(true);
      await user.click(screen.getByRole("link", { name: "All jobs" }));
      await waitFor(() => expect(address()).toBe("/?q=x"));
    });
  });
});
