import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { REVOKE_AFTER_MS, saveFile } from "./saveFile";

describe("saveFile", () => {
  let clicked: { href: string; download: string; attached: boolean }[];

  beforeEach(() => {
    vi.useFakeTimers();
    clicked = [];
    URL.createObjectURL = vi.fn(() => "blob:track/file");
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push({ href: this.href, download: this.download, attached: this.isConnected });
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("clicks an attached link to the blob's URL, named as asked, and leaves no link behind", () => {
    const blob = new Blob(["a,b\r\n"], { type: "text/csv" });
    saveFile(blob, "track-export-2026-03-01.csv");
    expect(URL.createObjectURL).toHaveBeenCalledWith(blob);
    expect(clicked).toEqual([
      { href: "blob:track/file", download: "track-export-2026-03-01.csv", attached: true },
    ]);
    expect(document.querySelector("a[download]")).toBeNull();
  });

  it("keeps the URL alive while the browser reads the file, then revokes it", () => {
    saveFile(new Blob(["x"]), "x.txt");
    vi.advanceTimersByTime(1_000);
    expect(URL.revokeObjectURL).not.toHaveBeenCalled();
    vi.advanceTimersByTime(REVOKE_AFTER_MS - 1_000);
    expect(URL.revokeObjectURL).toHaveBeenCalledExactlyOnceWith("blob:track/file");
  });
});
