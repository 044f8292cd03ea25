import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { TrackedJob } from "../../../lib/apiTypes";
import type { LibraryDocument } from "../../../lib/documentTypes";
import type { UploadRequest } from "../../../lib/uploadToStorage";
import { makeDocument, makeJob } from "../../../test/factories";
import { createFakeServer, json } from "../../../test/fakeServer";
import { renderWithApp } from "../../../test/render";
import { DocumentsView } from "./DocumentsView";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const pdf = (name = "cv.pdf", size = 2048) => {
  const bytes = new Uint8Array(size);
  bytes.set(new TextEncoder().encode("%PDF-1.7\n"));
  return new File([bytes], name, { type: "application/pdf" });
};
const text = (name = "letter.txt", body = "Dear Acme,\n") =>
  new File([body], name, { type: "text/plain" });

/** A job that lists these documents, as one job's answer carries them. */
const jobWith = (company: string, documents: LibraryDocument[]): TrackedJob =>
  makeJob({
    company,
    documents: documents.map(({ id, kind, name, filename }) => ({ id, kind, name, filename })),
  });

function setup({
  documents = [] as LibraryDocument[],
  jobs = [] as TrackedJob[],
  upload = vi.fn(async (_r: UploadRequest) => {}),
} = {}) {
  const server = createFakeServer({ jobs, documents });
  const view = renderWithApp(<DocumentsView upload={upload} />, { server, path: "/documents" });
  // The person picks "All files" in the dialog, so `accept` does not filter.
  const user = userEvent.setup({ applyAccept: false });
  return { ...view, user, server, upload };
}

const row = (name: string) =>
  screen.getByText(name, { selector: "strong" }).closest("tr") as HTMLElement;
const names = () =>
  [...document.querySelectorAll(".documents-table tbody strong")].map((n) => n.textContent);
const picker = () => screen.getByLabelText("Choose files…");

describe("DocumentsView", { timeout: 20_000 }, () => {
  it("with no documents, says what the page is for and offers the upload", async () => {
    setup();
    expect(await screen.findByText("No documents yet.")).toBeInTheDocument();
    expect(picker()).toHaveAttribute("type", "file");
    expect(screen.getByLabelText("Upload as")).toHaveValue("resume");
  });

  it("lists each version with its kind, size, date and the jobs it was sent to", async () => {
    const cv = makeDocument({ name: "CV 2026 v3", filename: "cv-v3.pdf", size: 245_760 });
    const letter = makeDocument({
      kind: "cover_letter",
      name: "Cover letter — Acme",
      filename: "acme.docx",
      content_type: DOCX,
      size: 3 * 1024 * 1024 + 400_000,
      created_at: "2026-02-12T09:00:00Z",
    });
    const acme = jobWith("Acme", [cv, letter]);
    const beta = jobWith("Beta", [cv]);
    setup({ documents: [cv, letter], jobs: [acme, beta] });
    await screen.findByText("CV 2026 v3");
    expect(names()).toEqual(["Cover letter — Acme", "CV 2026 v3"]);
    const cvRow = within(row("CV 2026 v3"));
    expect(cvRow.getByText("cv-v3.pdf")).toBeInTheDocument();
    expect(cvRow.getByText("240 KB")).toBeInTheDocument();
    expect(cvRow.getByRole("combobox", { name: "Kind of CV 2026 v3" })).toHaveValue("resume");
    expect(cvRow.getByText("Feb 10, 2026", { exact: false })).toBeInTheDocument();
    expect(await cvRow.findByRole("link", { name: "Acme" })).toHaveAttribute(
      "href",
      `/jobs/${acme.id}`,
    );
    expect(cvRow.getByRole("link", { name: "Beta" })).toHaveAttribute("href", `/jobs/${beta.id}`);
    expect(cvRow.getByRole("cell", { name: "Acme, Beta" })).toBeInTheDocument();
    const letterRow = within(row("Cover letter — Acme"));
    expect(letterRow.getByText("3.4 MB")).toBeInTheDocument();
    expect(letterRow.getByRole("button", { name: "Download Cover letter — Acme" })).toBeVisible();
    expect(cvRow.getByRole("button", { name: "Open CV 2026 v3" })).toBeVisible();
  });

  it("filters by kind and by a name search", async () => {
    const { user } = setup({
      documents: [
        makeDocument({ name: "CV 2026 v3" }),
        makeDocument({ name: "CV 2025", filename: "old.pdf" }),
        makeDocument({ kind: "cover_letter", name: "Letter Acme", filename: "acme.txt" }),
      ],
    });
    await screen.findByText("Letter Acme");
    await user.selectOptions(screen.getByRole("combobox", { name: "Kind" }), "Cover letter");
    expect(names()).toEqual(["Letter Acme"]);
    expect(screen.getByText("1 of 3 documents match")).toBeInTheDocument();
    await user.selectOptions(screen.getByRole("combobox", { name: "Kind" }), "All kinds");
    await user.type(screen.getByRole("searchbox", { name: "Name" }), "2026");
    expect(names()).toEqual(["CV 2026 v3"]);
    await user.clear(screen.getByRole("searchbox", { name: "Name" }));
    await user.type(screen.getByRole("searchbox", { name: "Name" }), "OLD.PDF");
    expect(names()).toEqual(["CV 2025"]);
  });

  it("uploads several files with progress, each to its presigned URL, then keeps them", async () => {
    const progress: ((n: number) => void)[] = [];
    const finish: (() => void)[] = [];
    const upload = vi.fn(
      (request: UploadRequest) =>
        new Promise<void>((resolve) => {
          progress.push(request.onProgress!);
          finish.push(resolve);
        }),
    );
    const { user, server } = setup({ upload });
    await screen.findByText("No documents yet.");
    await user.selectOptions(screen.getByLabelText("Upload as"), "Cover letter");
    await user.upload(picker(), [pdf("letter.pdf"), text("letter.txt")]);
    await waitFor(() => expect(upload).toHaveBeenCalledTimes(1));
    expect(server.requestsTo("POST", /upload-url$/)[0]?.body).toEqual({
      filename: "letter.pdf",
      size: 2048,
      content_type: "application/pdf",
    });
    expect(upload.mock.calls[0]?.[0]).toMatchObject({
      method: "PUT",
      headers: { "Content-Type": "application/pdf" },
    });
    expect(document.querySelector(".upload-status [role=status]")?.textContent).toBe(
      "Uploading letter.pdf (1 of 2)…",
    );
    progress[0]!(0.4);
    const bar = await screen.findByRole("progressbar", { name: "Uploading letter.pdf" });
    await waitFor(() => expect(bar).toHaveAttribute("value", "40"));
    finish[0]!();
    await waitFor(() => expect(upload).toHaveBeenCalledTimes(2));
    expect(server.requestsTo("POST", /upload-url$/)[1]?.body).toMatchObject({
      content_type: "text/plain",
    });
    finish[1]!();
    expect(await screen.findByText("2 of 2 files uploaded.")).toBeInTheDocument();
    expect(server.requestsTo("POST", /^\/api\/documents$/).map((r) => r.body)).toEqual([
      { key: expect.any(String) as string, filename: "letter.pdf", kind: "cover_letter" },
      { key: expect.any(String) as string, filename: "letter.txt", kind: "cover_letter" },
    ]);
    await waitFor(() => expect(names()).toEqual(["letter.txt", "letter.pdf"]));
    expect(server.documents().map((d) => d.kind)).toEqual(["cover_letter", "cover_letter"]);
  });

  it("takes files dropped on the zone", async () => {
    const { server } = setup();
    await screen.findByText("No documents yet.");
    const zone = screen.getByText(/Drop PDF, Word/).closest(".upload-zone")!;
    const dataTransfer = { types: ["Files"], files: [pdf("dropped.pdf")], dropEffect: "" };
    fireEvent.dragEnter(zone, { dataTransfer });
    expect(zone).toHaveAttribute("data-over");
    fireEvent.dragOver(zone, { dataTransfer });
    fireEvent.drop(zone, { dataTransfer });
    expect(await screen.findByText("dropped.pdf uploaded.")).toBeInTheDocument();
    expect(zone).not.toHaveAttribute("data-over");
    expect(server.documents().map((d) => d.filename)).toEqual(["dropped.pdf"]);
  });

  it("refuses on this device a type, an empty file or a size the library does not take", async () => {
    const { user, server, upload } = setup();
    await screen.findByText("No documents yet.");
    await user.upload(picker(), [
      new File(["x"], "old.doc", { type: "application/msword" }),
      new File([], "empty.txt", { type: "text/plain" }),
      pdf("huge.pdf", 10 * 1024 * 1024 + 1),
      new File(["GIF89a"], "fake.pdf", { type: "application/pdf" }),
    ]);
    await waitFor(() => expect(screen.getAllByRole("alert")).toHaveLength(4));
    expect(screen.getAllByRole("alert").map((a) => a.textContent)).toEqual([
      "old.doc is not a PDF, Word (.docx) or text (.txt) file. Save it as one of those and try again.",
      "empty.txt is empty.",
      "huge.pdf is 10,485,761 bytes; the limit is 10,485,760 bytes (10 MB).",
      "fake.pdf is not a PDF inside, although its name ends in .pdf. Save or export it as PDF and try again.",
    ]);
    expect(server.requestsTo("POST", /documents/)).toHaveLength(0);
    expect(upload).not.toHaveBeenCalled();
    expect(screen.getByText("0 of 4 files uploaded.")).toBeInTheDocument();
  });

  it("shows the server's refusal, at the step it happened", async () => {
    const { user, server } = setup();
    await screen.findByText("No documents yet.");
    server.intercept((r) =>
      r.path === "/api/documents" && r.method === "POST"
        ? json(422, {
            detail: [{ loc: ["body"], msg: "This is not a PDF inside.", type: "value_error" }],
            message: "This is not a PDF inside.",
          })
        : undefined,
    );
    await user.upload(picker(), pdf());
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The file was uploaded but not kept: This is not a PDF inside.",
    );
    expect(screen.getByText("cv.pdf was not uploaded.")).toBeInTheDocument();
  });

  it("renames in place: Enter saves, Escape keeps the old name, focus stays on the row", async () => {
    const cv = makeDocument({ name: "cv.pdf" });
    const { user, server } = setup({ documents: [cv] });
    await user.click(await screen.findByRole("button", { name: "Rename cv.pdf" }));
    const input = screen.getByRole("textbox", { name: "New name for cv.pdf" });
    expect(input).toHaveFocus();
    await user.keyboard("{Escape}");
    const rename = screen.getByRole("button", { name: "Rename cv.pdf" });
    await waitFor(() => expect(rename).toHaveFocus());
    expect(server.requestsTo("PATCH", /documents/)).toHaveLength(0);
    await user.keyboard("{Enter}");
    await user.clear(screen.getByRole("textbox", { name: "New name for cv.pdf" }));
    await user.keyboard("CV 2026 v3{Enter}");
    expect(await screen.findByRole("button", { name: "Rename CV 2026 v3" })).toBeInTheDocument();
    expect(server.requestsTo("PATCH", /documents/)[0]?.body).toEqual({ name: "CV 2026 v3" });
    await waitFor(() =>
      expect(screen.getByRole("button", { name: "Rename CV 2026 v3" })).toHaveFocus(),
    );
  });

  it("changes a document's kind from its menu", async () => {
    const cv = makeDocument({ name: "Letter" });
    const { user, server } = setup({ documents: [cv] });
    const kind = await screen.findByRole("combobox", { name: "Kind of Letter" });
    await user.selectOptions(kind, "Cover letter");
    await waitFor(() =>
      expect(server.requestsTo("PATCH", /documents/)[0]?.body).toEqual({ kind: "cover_letter" }),
    );
    await waitFor(() => expect(kind).toHaveValue("cover_letter"));
  });

  it("deletes after a confirmation that names the jobs it leaves", async () => {
    const cv = makeDocument({ name: "CV old" });
    const keep = makeDocument({ name: "CV new" });
    const acme = jobWith("Acme", [cv]);
    const { user, server } = setup({ documents: [cv, keep], jobs: [acme] });
    await within(await screen.findByRole("cell", { name: "Acme" })).findByRole("link");
    await user.click(screen.getByRole("button", { name: "Delete CV old" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Delete CV old?" });
    expect(dialog).toHaveTextContent(
      "It is removed from the job it was sent to (Acme); the jobs stay. The file is deleted.",
    );
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(server.requestsTo("DELETE", /documents/)).toHaveLength(0);
    await user.click(screen.getByRole("button", { name: "Delete CV old" }));
    await user.click(await screen.findByRole("button", { name: "Delete document" }));
    await waitFor(() => expect(names()).toEqual(["CV new"]));
    expect(server.requestsTo("DELETE", /documents/)[0]?.path).toBe(`/api/documents/${cv.id}`);
    expect(screen.getByText("CV old deleted.")).toBeInTheDocument();
  });
});
