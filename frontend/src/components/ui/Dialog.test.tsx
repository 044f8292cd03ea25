import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { ConfirmDialog, Dialog, useDialogDirty } from "./Dialog";

function Form({ onSave }: { onSave: () => Promise<void> }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  useDialogDirty(text !== "");
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSave().catch((err: Error) => setError(err.message));
      }}
    >
      <label>
        Notes
        <textarea value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      {error && <p role="alert">{error}</p>}
      <button type="submit">Save</button>
    </form>
  );
}

function Harness({ onSave = async () => {} }: { onSave?: () => Promise<void> }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button onClick={() => setOpen(true)}>Open</button>
      {open && (
        <Dialog title="Add a note" onClose={() => setOpen(false)}>
          <Form onSave={onSave} />
        </Dialog>
      )}
    </>
  );
}

const openDialog = async () => {
  const user = userEvent.setup();
  await user.click(screen.getByRole("button", { name: "Open" }));
  return user;
};
const theDialog = () => screen.queryByRole("dialog", { name: "Add a note" });
const question = () => screen.queryByRole("alertdialog", { name: "Discard your changes?" });

describe("Dialog", () => {
  it("starts on the first field (not ×), closes on Escape, and gives focus back", async () => {
    render(<Harness />);
    const user = await openDialog();
    expect(theDialog()).toHaveAttribute("open");
    expect(screen.getByLabelText("Notes")).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(theDialog()).toBeNull();
    await waitFor(() => expect(screen.getByRole("button", { name: "Open" })).toHaveFocus());
  });

  it("asks before Escape discards typed input; Keep editing is focused and keeps it", async () => {
    render(<Harness />);
    const user = await openDialog();
    await user.type(screen.getByLabelText("Notes"), "call back Tuesday");
    await user.keyboard("{Escape}");
    expect(question()).not.toBeNull();
    expect(screen.getByRole("button", { name: "Keep editing" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(question()).toBeNull();
    expect(screen.getByLabelText("Notes")).toHaveValue("call back Tuesday");
    await waitFor(() => expect(screen.getByLabelText("Notes")).toHaveFocus());
    await user.keyboard("{Escape}");
    await user.click(screen.getByRole("button", { name: "Discard" }));
    expect(theDialog()).toBeNull();
  });

  it("asks before a click outside (on the backdrop) discards typed input", async () => {
    render(<Harness />);
    const user = await openDialog();
    await user.type(screen.getByLabelText("Notes"), "x");
    const dialog = theDialog()!;
    fireEvent.mouseDown(dialog);
    fireEvent.click(dialog);
    expect(question()).not.toBeNull();
    await user.click(screen.getByRole("button", { name: "Keep editing" }));
    expect(theDialog()).not.toBeNull();
    // A click inside the dialog is not a click outside.
    await user.click(screen.getByLabelText("Notes"));
    expect(question()).toBeNull();
  });

  it("Escape still works after a failed save, wherever focus is", async () => {
    const onSave = vi.fn(async () =>
      Promise.reject(new Error("Something went wrong on our side.")),
    );
    render(<Harness onSave={onSave} />);
    const user = await openDialog();
    await user.type(screen.getByLabelText("Notes"), "x");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong");
    expect(screen.getByLabelText("Notes")).toBeEnabled();
    (document.activeElement as HTMLElement).blur(); // focus on <body>
    fireEvent.keyDown(document.body, { key: "Escape" });
    expect(question()).not.toBeNull();
    await user.click(screen.getByRole("button", { name: "Discard" }));
    expect(theDialog()).toBeNull();
  });

  it("a close by the browser itself never drops typed input", async () => {
    render(<Harness />);
    const user = await openDialog();
    await user.type(screen.getByLabelText("Notes"), "x");
    act(() => void theDialog()!.dispatchEvent(new Event("close")));
    expect(question()).not.toBeNull();
    expect(theDialog()).toHaveAttribute("open");
  });
});

describe("ConfirmDialog", () => {
  it("focuses Cancel, so Enter never destroys", async () => {
    const onConfirm = vi.fn();
    const onClose = vi.fn();
    render(
      <ConfirmDialog
        title="Delete it?"
        confirmLabel="Delete"
        onConfirm={onConfirm}
        onClose={onClose}
      >
        <p>Gone for good.</p>
      </ConfirmDialog>,
    );
    expect(screen.getByRole("alertdialog", { name: "Delete it?" })).toHaveAccessibleDescription(
      "Gone for good.",
    );
    expect(screen.getByRole("button", { name: "Cancel" })).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    expect(onClose).toHaveBeenCalled();
    expect(onConfirm).not.toHaveBeenCalled();
  });
});
