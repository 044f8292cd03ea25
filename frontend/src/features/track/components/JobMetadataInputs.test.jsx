import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { makeJob, validationError } from "../../../test/factories.js";
import { JobMetadataInputs } from "./JobMetadataInputs.jsx";

/** Like the job card: the saved job comes back from the server and replaces the old one. */
function Harness({ saveNotes, job: initial }) {
  const [job, setJob] = useState(initial);
  return (
    <>
      <JobMetadataInputs
        job={job}
        saveNotes={async (notes) => {
          const updated = await saveNotes(notes);
          setJob(updated);
          return updated;
        }}
      />
      <button>elsewhere</button>
    </>
  );
}

function setup(saveNotes, notes = { salary: "100k" }) {
  const job = makeJob({ notes });
  const save = saveNotes ?? vi.fn(async (changes) => ({ ...job, notes: { ...job.notes, ...changes } }));
  render(<Harness job={job} saveNotes={save} />);
  return { save, user: userEvent.setup() };
}

describe("JobMetadataInputs", () => {
  it("renders salary, location and general note from METADATA_FIELDS with their values", () => {
    setup();
    expect(screen.getByLabelText("Salary")).toHaveValue("100k");
    expect(screen.getByLabelText("Salary")).toHaveAttribute("maxlength", "100");
    expect(screen.getByLabelText("Location")).toHaveValue("");
    expect(screen.getByLabelText("General note").tagName).toBe("TEXTAREA");
  });

  it("does not save on blur when nothing changed", async () => {
    const { save, user } = setup();
    await user.click(screen.getByLabelText("Salary"));
    await user.type(screen.getByLabelText("Salary"), "x{Backspace}");
    await user.click(screen.getByRole("button", { name: "elsewhere" }));
    expect(save).not.toHaveBeenCalled();
    expect(screen.queryByText(/Saved/)).toBeNull();
  });

  it("saves a changed field on blur, showing saving then saved, and only once", async () => {
    let finish;
    const save = vi.fn((changes) => new Promise((resolve) => (finish = () => resolve(makeJob({ notes: { salary: "100k", ...changes } })))));
    const { user } = setup(save);
    await user.type(screen.getByLabelText("Location"), "Remote");
    await user.tab();
    expect(save).toHaveBeenCalledWith({ location: "Remote" });
    expect(await screen.findByText("Saving…")).toBeInTheDocument();
    finish();
    expect(await screen.findByText("✓ Saved")).toBeInTheDocument();
    await user.click(screen.getByLabelText("Location"));
    await user.tab();
    expect(save).toHaveBeenCalledTimes(1);
  });

  it("clears a field with null", async () => {
    const { save, user } = setup();
    await user.clear(screen.getByLabelText("Salary"));
    await user.tab();
    expect(save).toHaveBeenCalledWith({ salary: null });
  });

  it("says a failed save failed, at the field, and retries on the next blur", async () => {
    const save = vi
      .fn()
      .mockRejectedValueOnce(Object.assign(new Error("The database is unavailable right now; nothing was changed."), { status: 503 }))
      .mockImplementationOnce(async (changes) => makeJob({ notes: changes }));
    const { user } = setup(save);
    await user.type(screen.getByLabelText("Salary"), "+");
    await user.tab();
    const salary = screen.getByLabelText("Salary");
    await waitFor(() => expect(salary).toHaveAttribute("aria-invalid", "true"));
    expect(salary).toHaveAccessibleDescription(/Not saved: The database is unavailable right now/);
    await user.click(salary);
    await user.tab();
    expect(await screen.findByText("✓ Saved")).toBeInTheDocument();
    expect(save).toHaveBeenCalledTimes(2);
  });

  it("shows the server's 422 message for the field", async () => {
    const save = vi.fn(async () => {
      throw validationError(["body", "notes", "salary"], "String should have at most 100 characters");
    });
    const { user } = setup(save);
    await user.type(screen.getByLabelText("Salary"), "!");
    await user.tab();
    await waitFor(() =>
      expect(screen.getByLabelText("Salary")).toHaveAccessibleDescription(/String should have at most 100 characters/),
    );
  });
});
