import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { TrackedJob } from "../../../lib/apiTypes";
import type { LibraryDocument } from "../../../lib/documentTypes";
import type { UploadRequest } from "../../../lib/uploadToStorage";
import { jobAt, makeDocument, makeJob } from "../../../test/factories";
import { createFakeServer } from "../../../test/fakeServer";
import { renderWithApp } from "../../../test/render";
import { useJob } from "../api/useJob";
import { DocumentsSection } from "./DocumentsSection";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const refs = (documents: LibraryDocument[]) =>
  documents.map(({ id, kind, name, filename }) => ({ id, kind, name, filename }));

/** The section as the job view draws it: from the job the cache holds, which every write
 * replaces with the server's answer. */
function Harness({
  jobId,
  upload,
  disabled,
}: {
  jobId: number;
  upload: (r: UploadRequest) => Promise<void>;
  disabled: boolean;
}) {
  const job = useJob(jobId);
  return job.data ? <DocumentsSection job={job.data} upload={upload} disabled={disabled} /> : null;
}

async function setup({
  job = makeJob(),
  attached = [] as LibraryDocument[],
  library = [] as LibraryDocument[],
  disabled = false,
  upload = vi.fn(async (_r: UploadRequest) => {}),
} = {}) {
  const withDocuments: TrackedJob = { ...job, documents: refs(attached) };
  const server = createFakeServer({ jobs: [withDocuments], documents: [...attached, ...library] });
  const view = renderWithApp(<Harness jobId={job.id} upload={upload} disabled={disabled} />, {
    server,
  });
  const user = userEvent.setup({ applyAccept: false });
  await screen.findByRole("region", { name: "Documents" });
  return { ...view, user, server, upload, job: withDocuments };
}

const section = () => within(screen.getByRole("region", { name: "Documents" }));
const sentIds = (server: ReturnType<typeof createFakeServer>, jobId: number) =>
  (server.job(jobId)?.documents ?? []).map((d) => d.id);

afterEach(() => vi.restoreAllMocks());

describe("The job's Documents section", { timeout: 20_000 }, () => {
  it("says what was sent, in attach order, each with its kind and file", async () => {
    const cv = makeDocument({ name: "CV 2026 v3", filename: "cv-v3.pdf" });
    const letter = makeDocument({
      kind: "cover_letter",
      name: "Cover letter — Acme",
      filename: "acme.docx",
      content_type: DOCX,
    });
    await setup({ attached: [cv, letter] });
    expect(await screen.findByText("Sent:")).toBeInTheDocument();
    expect(section().getByText("Sent:").closest("p")).toHaveTextContent(
      "Sent: CV 2026 v3, Cover letter — Acme",
    );
    const items = section().getAllByRole("listitem");
    expect(items.map((li) => li.querySelector("strong")?.textContent)).toEqual([
      "CV 2026 v3",
      "Cover letter — Acme",
    ]);
    expect(within(items[1]!).getByText("Cover letter")).toBeInTheDocument();
    expect(within(items[1]!).getByText("acme.docx")).toBeInTheDocument();
  });

  it("previews a PDF in a new tab and downloads a Word document", async () => {
    const cv = makeDocument({ name: "CV", filename: "cv.pdf" });
    const letter = makeDocument({ name: "Letter", filename: "letter.docx", content_type: DOCX });
    const { user, server } = await setup({ attached: [cv, letter] });
    const tab = {
      opener: {},
      location: { href: "" },
      document: { title: "", body: { textContent: "" } },
      close: vi.fn(),
    };
    const open = vi.spyOn(window, "open").mockReturnValue(tab as unknown as Window);
    await user.click(await screen.findByRole("button", { name: "Preview CV" }));
    await waitFor(() => expect(tab.location.href).toBe(`http://s3.local/doc/${cv.id}?d=inline`));
    expect(open).toHaveBeenCalledWith("", "_blank");
    expect(tab.opener).toBeNull();
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    await user.click(screen.getByRole("button", { name: "Download Letter" }));
    await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
    const anchor = click.mock.contexts[0] as HTMLAnchorElement;
    expect(anchor.href).toBe(`http://s3.local/doc/${letter.id}?d=attachment`);
    expect(anchor.download).toBe("letter.docx");
    expect(open).toHaveBeenCalledTimes(1);
    expect(server.requestsTo("GET", /\/url$/).map((r) => r.query.get("disposition"))).toEqual([
      "inline",
      "attachment",
    ]);
  });

  it("attaches a version from the library, offering only those not attached yet", async () => {
    const cv = makeDocument({ name: "CV 2026 v3" });
    const old = makeDocument({ name: "CV 2025", filename: "cv-2025.pdf" });
    const letter = makeDocument({ kind: "cover_letter", name: "Letter", filename: "l.txt" });
    const { user, server, job } = await setup({ attached: [cv], library: [old, letter] });
    const pick = await section().findByRole("combobox", { name: "Attach from your library" });
    await waitFor(() => expect(within(pick).getAllByRole("option")).toHaveLength(3));
    expect(
      within(pick)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(["Choose a document…", "CV 2025 (cv-2025.pdf)", "Letter (l.txt)"]);
    await user.click(section().getByRole("button", { name: "Attach" }));
    expect(section().getByRole("alert")).toHaveTextContent(
      "Choose a document from your library first.",
    );
    await user.selectOptions(pick, "Letter (l.txt)");
    await user.click(section().getByRole("button", { name: "Attach" }));
    await waitFor(() => expect(sentIds(server, job.id)).toEqual([cv.id, letter.id]));
    expect(server.requestsTo("PUT", /documents$/)[0]?.body).toEqual({
      document_ids: [cv.id, letter.id],
    });
    expect(await section().findByText("CV 2026 v3, Letter", { exact: false })).toBeVisible();
    await waitFor(() => expect(pick).toHaveFocus());
  });

  it("removes a version from the job (it stays in the library)", async () => {
    const cv = makeDocument({ name: "CV" });
    const letter = makeDocument({ name: "Letter", filename: "letter.pdf" });
    const { user, server, job } = await setup({ attached: [cv, letter] });
    await user.click(await screen.findByRole("button", { name: "Remove CV from this job" }));
    await waitFor(() => expect(sentIds(server, job.id)).toEqual([letter.id]));
    expect(server.requestsTo("PUT", /documents$/)[0]?.body).toEqual({ document_ids: [letter.id] });
    expect(server.documents().map((d) => d.id)).toContain(cv.id);
  });

  it("uploads a new file into the library, then attaches it", async () => {
    const cv = makeDocument({ name: "CV" });
    const { user, server, job, upload } = await setup({ attached: [cv] });
    await user.selectOptions(
      await section().findByRole("combobox", { name: "Or upload a new one as" }),
      "Cover letter",
    );
    const file = new File(["Dear Acme,\n"], "acme.txt", { type: "text/plain" });
    await user.upload(section().getByLabelText("Upload file…"), file);
    expect(await section().findByText("acme.txt uploaded.")).toBeInTheDocument();
    expect(upload).toHaveBeenCalledWith(expect.objectContaining({ file }));
    const made = server.documents().find((d) => d.filename === "acme.txt")!;
    expect(made.kind).toBe("cover_letter");
    await waitFor(() => expect(sentIds(server, job.id)).toEqual([cv.id, made.id]));
    expect(await section().findByText("CV, acme.txt", { exact: false })).toBeVisible();
  });

  it("refuses on this device a file the library does not take, asking nothing", async () => {
    const { user, server } = await setup();
    await user.upload(
      await section().findByLabelText("Upload file…"),
      new File(["x"], "photo.png", { type: "image/png" }),
    );
    expect(await section().findByRole("alert")).toHaveTextContent(
      "photo.png is not a PDF, Word (.docx) or text (.txt) file.",
    );
    expect(server.requestsTo("POST", /documents/)).toHaveLength(0);
    expect(server.requestsTo("PUT", /documents/)).toHaveLength(0);
  });

  it("on a rejected job, lists and opens what was sent but changes nothing", async () => {
    const cv = makeDocument({ name: "CV", filename: "cv.pdf" });
    const { server } = await setup({
      job: jobAt("applied", "rejected"),
      attached: [cv],
      disabled: true,
    });
    expect(await section().findByRole("button", { name: "Preview CV" })).toBeInTheDocument();
    expect(section().queryByRole("button", { name: /Remove/ })).toBeNull();
    expect(section().queryByRole("combobox")).toBeNull();
    expect(section().queryByLabelText("Upload file…")).toBeNull();
    expect(server.requestsTo("GET", /^\/api\/documents$/)).toHaveLength(0);
  });
});
