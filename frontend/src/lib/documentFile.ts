/** What the library takes, checked on this device before any request, in people's words: a
 * PDF, a Word document (.docx) or plain text (.txt), 1 byte to 10 MiB. The API checks the same
 * again, and more (a DOCX's insides, text being UTF-8). */
import type { DocumentContentType } from "./documentTypes";
import { formatFileSize } from "./format";

export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
/** At most this many documents per account (the API answers 409 past it). */
export const DOCUMENT_LIMIT = 200;

const TYPES: Record<string, { type: DocumentContentType; label: string }> = {
  pdf: { type: "application/pdf", label: "PDF" },
  docx: {
    type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    label: "Word document",
  },
  txt: { type: "text/plain", label: "text file" },
};

/** The file picker's `accept`: the three extensions and their types. */
export const DOCUMENT_ACCEPT = Object.entries(TYPES)
  .flatMap(([ext, { type }]) => [`.${ext}`, type])
  .join(",");

const extensionOf = (filename: string) => /\.([^.]+)$/.exec(filename)?.[1]?.toLowerCase() ?? "";

/** The type the API expects for this filename (from its extension), or null. */
export function contentTypeFor(filename: string): DocumentContentType | null {
  return TYPES[extensionOf(filename)]?.type ?? null;
}

/** Whether a document opens in the browser (a PDF) rather than being downloaded. */
export const opensInline = (filename: string) => extensionOf(filename) === "pdf";

function readHead(file: Blob, length: number): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => resolve(new Uint8Array());
    reader.readAsArrayBuffer(file.slice(0, length));
  });
}

const startsWith = (head: Uint8Array, magic: number[]) => magic.every((b, i) => head[i] === b);
const PDF_MAGIC = [...new TextEncoder().encode("%PDF-")];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Why this file cannot go into the library, or null if it can. */
export async function documentProblem(
  file: File,
  limit = DOCUMENT_MAX_BYTES,
): Promise<string | null> {
  const ext = extensionOf(file.name);
  const known = TYPES[ext];
  if (!known) {
    return `${file.name} is not a PDF, Word (.docx) or text (.txt) file. Save it as one of those and try again.`;
  }
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > limit) {
    const size = formatFileSize(file.size, { oneDecimal: true });
    const max = formatFileSize(limit);
    // Just over the limit, "10.0 MB" beside "10 MB" would say nothing: give the bytes.
    return parseFloat(size) > parseFloat(max)
      ? `${file.name} is ${size}; the limit is ${max}.`
      : `${file.name} is ${file.size.toLocaleString("en")} bytes; the limit is ${limit.toLocaleString("en")} bytes (${max}).`;
  }
  const head = await readHead(file, 4096);
  if (ext === "pdf" && !startsWith(head, PDF_MAGIC)) {
    return `${file.name} is not a PDF inside, although its name ends in .pdf. Save or export it as PDF and try again.`;
  }
  if (ext === "docx" && !startsWith(head, ZIP_MAGIC)) {
    return `${file.name} is not a Word document inside (an old .doc renamed?). Save it as .docx and try again.`;
  }
  if (ext === "txt" && head.includes(0)) {
    return `${file.name} is not plain text inside. Save it as plain text (UTF-8) and try again.`;
  }
  return null;
}
