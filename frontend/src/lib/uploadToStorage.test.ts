import { describe, expect, it, vi } from "vitest";
import { uploadToStorage } from "./uploadToStorage";

function fakeXhr(status: number) {
  const made: FakeXHR[] = [];
  class FakeXHR {
    headers: Record<string, string> = {};
    upload: {
      onprogress?: (e: { lengthComputable: boolean; loaded: number; total: number }) => void;
    } = {};
    method = "";
    url = "";
    body: unknown;
    status = 0;
    onload?: () => void;
    onerror?: () => void;
    constructor() {
      made.push(this);
    }
    open(method: string, url: string) {
      Object.assign(this, { method, url });
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name] = value;
    }
    send(body: unknown) {
      this.body = body;
      this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 });
      this.status = status;
      if (status === 0) this.onerror?.();
      else this.onload?.();
    }
  }
  return { FakeXHR: FakeXHR as unknown as typeof XMLHttpRequest, made };
}

describe("uploadToStorage", () => {
  it("PUTs the file with exactly the issued headers and reports progress", async () => {
    const { FakeXHR, made } = fakeXhr(200);
    const onProgress = vi.fn();
    const file = new Blob(["%PDF-"]);
    await uploadToStorage({
      url: "http://s3/x",
      method: "PUT",
      headers: { "Content-Type": "application/pdf", "x-amz-meta-a": "b" },
      file,
      onProgress,
      XHR: FakeXHR,
    });
    expect(made[0]).toMatchObject({
      method: "PUT",
      url: "http://s3/x",
      body: file,
      headers: { "Content-Type": "application/pdf", "x-amz-meta-a": "b" },
    });
    expect(onProgress.mock.calls).toEqual([[0.5], [1]]);
  });

  it("rejects with words on an HTTP error and on a network error", async () => {
    await expect(
      uploadToStorage({ url: "u", file: new Blob(), XHR: fakeXhr(403).FakeXHR }),
    ).rejects.toThrow("refused the upload (HTTP 403)");
    await expect(
      uploadToStorage({ url: "u", file: new Blob(), XHR: fakeXhr(0).FakeXHR }),
    ).rejects.toThrow("did not reach the storage service");
  });
});
