import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { RESUME_MAX_BYTES } from "../../../generated/trackingSchema.js";
import type { TrackedJob } from "../../../lib/apiTypes";
import { createFakeServer, json } from "../../../test/fakeServer";
import { makeJob } from "../../../test/factories";
import { renderWithApp } from "../../../test/render";
import type { UploadRequest } from "../../../lib/uploadToStorage";
import { ResumeSection } from "./ResumeSection";

const MB = 1024 * 1024;
const pdf = (name = "cv.pdf", size = 2048) => {
  const bytes = new Uint8Array(size);
  bytes.set(new TextEncoder().encode("%PDF-1.7\n"));
  return new File([bytes], name, { type: "application/pdf" });
};

function setup({
  job = makeJob(),
  upload = vi.fn(async (_r: UploadRequest) => {}),
  disabled = false,
}: {
  job?: TrackedJob;
  upload?: (r: UploadRequest) => Promise<void>;
  disabled?: boolean;
} = {}) {
  const server = createFakeServer({ jobs: [job] });
  const view = renderWithApp(<ResumeSection job={job} upload={upload} disabled={disabled} />, {
    server,
  });
  // The user picks "All files" in the dialog, so `accept` does not filter.
  const user = userEvent.setup({ applyAccept: false });
  return { ...view, user, upload, server, job };
}

const input = () => screen.getByLabelText(/Choose PDF…|Replace PDF…/);
const apiCalls = (server: ReturnType<typeof createFakeServer>) => server.requests.length;

describe("ResumeSection: checks before any request, in people's units", () => {
  it("refuses a file that is not a PDF", async () => {
    const { user, server } = setup();
    await user.upload(
      input(),
      new File(["hello"], "cv.docx", {
        type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "This file isn't a PDF (cv.docx). Choose a .pdf file.",
    );
    expect(apiCalls(server)).toBe(0);
  });

  it("refuses a file over the limit, in MB", async () => {
    const { user, server, upload } = setup();
    await user.upload(input(), pdf("big.pdf", 6 * MB));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "This file is 6.0 MB; the limit is 5 MB.",
    );
    expect(apiCalls(server)).toBe(0);
    expect(upload).not.toHaveBeenCalled();
  });

  it("just over the limit, says the bytes (5.0 MB beside 5 MB would say nothing)", async () => {
    const { user } = setup();
    await user.upload(input(), pdf("big.pdf", RESUME_MAX_BYTES + 1));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "This file is 5,242,881 bytes; the limit is 5,242,880 bytes (5 MB).",
    );
  });

  it("refuses a .pdf that is not a PDF inside", async () => {
    const { user, server } = setup();
    await user.upload(input(), new File(["GIF89a..."], "cv.pdf", { type: "application/pdf" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "This file isn't a PDF inside, although its name ends in .pdf (cv.pdf).",
    );
    expect(apiCalls(server)).toBe(0);
  });

  it("accepts exactly the limit", async () => {
    const { user, server } = setup();
    await user.upload(input(), pdf("max.pdf", RESUME_MAX_BYTES));
    await waitFor(() =>
      expect(server.requestsTo("GET", /upload-url$/)[0]?.query.get("size")).toBe(
        String(RESUME_MAX_BYTES),
      ),
    );
  });
});

describe("ResumeSection: upload", () => {
  it("uploads to the presigned URL with its headers, shows progress, then confirms", async () => {
    let progress: (n: number) => void = () => {};
    let finish: () => void = () => {};
    const upload = vi.fn(
      (args: UploadRequest) =>
        new Promise<void>((resolve) => {
          progress = args.onProgress!;
          finish = resolve;
        }),
    );
    const { user, server, job } = setup({ upload });
    const file = pdf();
    await user.upload(input(), file);
    await waitFor(() => expect(upload).toHaveBeenCalled());
    expect(upload.mock.calls[0]?.[0]).toMatchObject({
      url: "http://s3.local/bucket/key?sig=1",
      method: "PUT",
      headers: { "Content-Type": "application/pdf" },
      file,
    });
    progress(0.4);
    const bar = await screen.findByRole("progressbar");
    await waitFor(() => expect(bar).toHaveAttribute("value", "40"));
    expect(bar).toHaveAccessibleName("Uploading… 40%");
    finish();
    expect(await screen.findByText("Résumé saved.")).toBeInTheDocument();
    expect(server.requestsTo("POST", /confirm$/)[0]?.body).toEqual({
      key: `pending/${job.id}/k1.pdf`,
      filename: "cv.pdf",
    });
    expect(screen.queryByRole("progressbar")).toBeNull();
  });

  it("says when storage refuses the upload, and does not confirm", async () => {
    const upload = vi.fn(async () => {
      throw new Error("The storage service refused the upload (HTTP 403); try again.");
    });
    const { user, server } = setup({ upload });
    await user.upload(input(), pdf());
    expect(await screen.findByRole("alert")).toHaveTextContent("refused the upload (HTTP 403)");
    expect(server.requestsTo("POST", /confirm$/)).toHaveLength(0);
  });

  it("says when the server will not issue an upload link", async () => {
    const { user, server } = setup();
    server.intercept((r) =>
      r.path.endsWith("upload-url") ? json(409, { detail: "This job is rejected." }) : undefined,
    );
    await user.upload(input(), pdf());
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Could not start the upload: This job is rejected.",
    );
  });

  it("says when the uploaded file is not accepted on confirm", async () => {
    const { user, server } = setup();
    server.intercept((r) =>
      r.path.endsWith("confirm")
        ? json(422, {
            detail: [{ loc: ["body", "key"], msg: "The uploaded file is not a PDF.", type: "x" }],
            message: "key: The uploaded file is not a PDF.",
          })
        : undefined,
    );
    await user.upload(input(), pdf());
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The file was uploaded but not accepted: key: The uploaded file is not a PDF.",
    );
  });

  it("offers preview, download and replace once there is a résumé", async () => {
    const job = makeJob({ has_resume: true, notes: { resume_filename: "cv.pdf" } });
    const blank = document.implementation.createHTMLDocument("");
    const tab = { location: { href: "" }, close: vi.fn(), opener: {} as unknown, document: blank };
    const open = vi.spyOn(window, "open").mockReturnValue(tab as unknown as Window);
    const { user, server } = setup({ job });
    expect(screen.getByText("cv.pdf")).toBeInTheDocument();
    expect(screen.getByLabelText("Replace PDF…")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Preview" }));
    expect(open).toHaveBeenCalledWith("", "_blank");
    // The tab is named while the address is fetched, never left as "about:blank".
    expect(blank.title).toBe("Opening cv.pdf…");
    await waitFor(() => expect(tab.location.href).toBe("http://s3.local/view?d=inline"));
    expect(tab.opener).toBeNull();
    expect(server.requestsTo("GET", /resume\/url$/)).toHaveLength(1);
    expect(screen.getByRole("button", { name: "Download" })).toBeInTheDocument();
  });

  it("is read-only for a rejected job", () => {
    const job = makeJob({ has_resume: true, notes: { resume_filename: "cv.pdf" } });
    setup({ job, disabled: true });
    expect(screen.queryByLabelText(/Replace PDF/)).toBeNull();
    expect(screen.getByRole("button", { name: "Download" })).toBeInTheDocument();
  });
});

describe("ResumeSection: a résumé sent from the library", () => {
  it("names the library's résumé attached to the job instead of saying there is none", () => {
    const job = makeJob({
      documents: [
        { id: 3, kind: "resume", name: "CV 2026 v3", filename: "cv-2026-v3.pdf" },
        { id: 4, kind: "cover_letter", name: "Letter — Acme", filename: "letter.txt" },
      ],
    });
    setup({ job });
    expect(
      screen.getByText(/Sent from your library: CV 2026 v3 \(in Documents above\)/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/No résumé yet/)).toBeNull();
  });

  it("says there is none when no résumé is attached, whatever else is", () => {
    const job = makeJob({
      documents: [{ id: 4, kind: "cover_letter", name: "Letter — Acme", filename: "letter.txt" }],
    });
    setup({ job });
    expect(screen.getByText(/No résumé yet/)).toBeInTheDocument();
  });
});
