import { describe, expect, it } from "vitest";
import { contentTypeFor, documentProblem, opensInline } from "./documentFile";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const zip = (name: string) => new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2])], name);

describe("documentFile", () => {
  it("names the type the API expects from the extension, ignoring case", () => {
    expect(contentTypeFor("CV.PDF")).toBe("application/pdf");
    expect(contentTypeFor("letter.docx")).toBe(DOCX);
    expect(contentTypeFor("notes.txt")).toBe("text/plain");
    expect(contentTypeFor("old.doc")).toBeNull();
    expect(contentTypeFor("pdf")).toBeNull();
  });

  it("opens only PDFs in the browser", () => {
    expect(opensInline("cv.pdf")).toBe(true);
    expect(opensInline("cv.docx")).toBe(false);
    expect(opensInline("cv.txt")).toBe(false);
  });

  it("takes a Word document that is a zip inside, refuses one that is not", async () => {
    expect(await documentProblem(zip("letter.docx"))).toBeNull();
    expect(await documentProblem(new File(["\xd0\xcf\x11\xe0"], "letter.docx"))).toBe(
      "letter.docx is not a Word document inside (an old .doc renamed?). Save it as .docx and try again.",
    );
  });

  it("takes text, refuses a .txt holding NUL bytes", async () => {
    expect(await documentProblem(new File(["Dear Beta,\n"], "beta.txt"))).toBeNull();
    expect(await documentProblem(new File([new Uint8Array([65, 0, 66])], "bin.txt"))).toBe(
      "bin.txt is not plain text inside. Save it as plain text (UTF-8) and try again.",
    );
  });

  it("takes exactly the limit and refuses one byte more", async () => {
    const pdf = (size: number) => {
      const bytes = new Uint8Array(size);
      bytes.set(new TextEncoder().encode("%PDF-1.7"));
      return new File([bytes], "cv.pdf");
    };
    expect(await documentProblem(pdf(1000), 1000)).toBeNull();
    expect(await documentProblem(pdf(1001), 1000)).toBe(
      "cv.pdf is 1,001 bytes; the limit is 1,000 bytes (1 KB).",
    );
    expect(await documentProblem(pdf(3 * 1024 * 1024), 2 * 1024 * 1024)).toBe(
      "cv.pdf is 3.0 MB; the limit is 2 MB.",
    );
  });
});
