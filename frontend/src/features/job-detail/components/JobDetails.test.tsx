import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { createFakeServer, json } from "../../../test/fakeServer";
import { makeJob } from "../../../test/factories";
import { renderWithApp } from "../../../test/render";
import { JobDetails } from "./JobDetails";

function setup(notes = { salary: "100k" }) {
  const job = makeJob({ notes });
  const server = createFakeServer({ jobs: [job] });
  const view = renderWithApp(
    <>
      <JobDetails job={job} />
      <button>elsewhere</button>
    </>,
    { server },
  );
  const patches = () => server.requestsTo("PATCH", /./).map((r) => r.body);
  return { ...view, patches };
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
});
