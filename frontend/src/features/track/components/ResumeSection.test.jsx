import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { RESUME_MAX_BYTES } from "../../../generated/trackingSchema.js";
import { fakeTrackApi, makeJob } from "../../../test/factories.js";
import { ResumeSection } from "./ResumeSection.jsx";

const pdf = (name = "cv.pdf", size = 2048) => {
  const bytes = new Uint8Array(size);
  bytes.set(new TextEncoder().encode("%PDF-1.7\n"));
  return new File([bytes], name, { type: "application/pdf" });
};
const GRANT = { upload_url: "http://s3.local/bucket/key?sig=1", method: "PUT", headers: { "Content-Type": "application/pdf" }, key: "k1", expires_in: 300, max_bytes: RESUME_MAX_BYTES };

function setup({ job = makeJob(), api = {}, upload = vi.fn(async () => {}) } = {}) {
  const trackApi = fakeTrackApi(vi, {
    resumeUploadUrl: vi.fn(async () => GRANT),
    confirmResume: vi.fn(async (_id, { filename }) => ({ ...job, has_resume: true, notes: { resume_filename: filename } })),
    ...api,
  });
  const onJobChange = vi.fn();
  const view = render(<ResumeSection job={job} trackApi={trackApi} onJobChange={onJobChange} upload={upload} />);
  // The user picks "All files" in the dialog, so `accept` does not filter.
  const user = userEvent.setup({ applyAccept: false });
  return { trackApi, onJobChange, upload, user, view };
}

const input = () => screen.getByLabelText(/Choose PDF…|Replace PDF…/);

describe("ResumeSection: checks before any request", () => {
  it("refuses a file that is not a PDF", async () => {
    const { user, trackApi } = setup();
    await user.upload(input(), new File(["hello"], "cv.docx", { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("cv.docx is not a PDF. Choose a .pdf file.");
    expect(trackApi.resumeUploadUrl).not.toHaveBeenCalled();
  });

  it("refuses a PDF over 5 MiB", async () => {
    const { user, trackApi, upload } = setup();
    await user.upload(input(), pdf("big.pdf", RESUME_MAX_BYTES + 1));
    expect(await screen.findByRole("alert")).toHaveTextContent("big.pdf is too large: 5 MiB (5,242,881 bytes); the limit is 5 MiB (5,242,880 bytes).");
    expect(trackApi.resumeUploadUrl).not.toHaveBeenCalled();
    expect(upload).not.toHaveBeenCalled();
  });

  it("refuses a .pdf that is not a PDF inside", async () => {
    const { user, trackApi } = setup();
    await user.upload(input(), new File(["GIF89a..."], "cv.pdf", { type: "application/pdf" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("does not look like a PDF");
    expect(trackApi.resumeUploadUrl).not.toHaveBeenCalled();
  });

  it("accepts exactly 5 MiB", async () => {
    const { user, trackApi } = setup();
    await user.upload(input(), pdf("max.pdf", RESUME_MAX_BYTES));
    await waitFor(() => expect(trackApi.resumeUploadUrl).toHaveBeenCalledWith(expect.anything(), { filename: "max.pdf", size: RESUME_MAX_BYTES }));
  });
});

describe("ResumeSection: upload", () => {
  it("uploads to the presigned URL with its headers, shows progress, then confirms", async () => {
    let progress, finish;
    const upload = vi.fn((args) => new Promise((resolve) => ((progress = args.onProgress), (finish = resolve))));
    const job = makeJob();
    const { user, trackApi, onJobChange } = setup({ job, upload });
    const file = pdf();
    await user.upload(input(), file);
    await waitFor(() => expect(upload).toHaveBeenCalled());
    expect(upload.mock.calls[0][0]).toMatchObject({ url: GRANT.upload_url, method: "PUT", headers: GRANT.headers, file });
    progress(0.4);
    const bar = await screen.findByRole("progressbar");
    await waitFor(() => expect(bar).toHaveAttribute("value", "40"));
    expect(screen.getByText("Uploading… 40%")).toBeInTheDocument();
    expect(bar).toHaveAccessibleName("Uploading… 40%");
    finish();
    await waitFor(() => expect(trackApi.confirmResume).toHaveBeenCalledWith(job.id, { key: "k1", filename: "cv.pdf" }));
    await waitFor(() => expect(onJobChange).toHaveBeenCalledWith(expect.objectContaining({ has_resume: true })));
    expect(await screen.findByText("✓ Résumé saved.")).toBeInTheDocument();
    expect(screen.queryByRole("progressbar")).toBeNull();
  });

  it("says when storage refuses the upload, and does not confirm", async () => {
    const upload = vi.fn(async () => {
      throw new Error("The storage service refused the upload (HTTP 403); try again.");
    });
    const { user, trackApi } = setup({ upload });
    await user.upload(input(), pdf());
    expect(await screen.findByRole("alert")).toHaveTextContent("refused the upload (HTTP 403)");
    expect(trackApi.confirmResume).not.toHaveBeenCalled();
  });

  it("says when the server will not issue an upload link", async () => {
    const { user } = setup({ api: { resumeUploadUrl: vi.fn(async () => Promise.reject(new Error("job is rejected; delete the rejection event to undo"))) } });
    await user.upload(input(), pdf());
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not start the upload: job is rejected");
  });

  it("says when the uploaded file is not accepted on confirm", async () => {
    const { user, onJobChange } = setup({ api: { confirmResume: vi.fn(async () => Promise.reject(new Error("the file is not a PDF"))) } });
    await user.upload(input(), pdf());
    expect(await screen.findByRole("alert")).toHaveTextContent("The file was uploaded but not accepted: the file is not a PDF");
    expect(onJobChange).not.toHaveBeenCalled();
  });

  it("offers preview, download and replace once there is a résumé", async () => {
    const job = makeJob({ has_resume: true, notes: { resume_filename: "cv.pdf" } });
    const tab = { location: { href: "" }, close: vi.fn(), opener: {} };
    const open = vi.spyOn(window, "open").mockReturnValue(tab);
    const { user, trackApi } = setup({ job, api: { resumeUrl: vi.fn(async () => ({ url: "http://s3.local/view", filename: "cv.pdf", expires_in: 300 })) } });
    expect(screen.getByText("cv.pdf")).toBeInTheDocument();
    expect(screen.getByLabelText("Replace PDF…")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Preview" }));
    expect(open).toHaveBeenCalledWith("", "_blank");
    await waitFor(() => expect(tab.location.href).toBe("http://s3.local/view"));
    expect(tab.opener).toBeNull();
    expect(trackApi.resumeUrl).toHaveBeenCalledWith(job.id, "inline");
    expect(screen.getByRole("button", { name: "Download" })).toBeInTheDocument();
  });

  it("is hidden for a rejected job except for reading", () => {
    const job = makeJob({ has_resume: true, notes: { resume_filename: "cv.pdf" } });
    render(<ResumeSection job={job} trackApi={fakeTrackApi(vi)} onJobChange={() => {}} disabled />);
    expect(screen.queryByLabelText(/Replace PDF/)).toBeNull();
    expect(screen.getByRole("button", { name: "Download" })).toBeInTheDocument();
  });
});
