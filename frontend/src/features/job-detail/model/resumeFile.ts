/** Why a file cannot be a résumé, checked on this device before any request, in people's
 * units; null if it can be one. The API checks the same again (size, %PDF- signature). */
import { RESUME_MAX_BYTES } from "../../../generated/trackingSchema.js";
import { formatFileSize } from "../../../lib/format";

const bytes = (n: number) => `${n.toLocaleString("en")} bytes`;

function readHead(file: Blob, length: number): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => resolve(new Uint8Array());
    reader.readAsArrayBuffer(file.slice(0, length));
  });
}

export async function resumeProblem(file: File, limit = RESUME_MAX_BYTES): Promise<string | null> {
  if (!/\.pdf$/i.test(file.name) || (file.type && file.type !== "application/pdf")) {
    return `This file isn't a PDF (${file.name}). Choose a .pdf file.`;
  }
  if (file.size === 0) return `This file is empty (${file.name}).`;
  if (file.size > limit) {
    const size = formatFileSize(file.size, { oneDecimal: true });
    const max = formatFileSize(limit);
    // Just over the limit, "5.0 MB" beside "5 MB" would say nothing: give the bytes.
    return parseFloat(size) > parseFloat(max)
      ? `This file is ${size}; the limit is ${max}.`
      : `This file is ${bytes(file.size)}; the limit is ${bytes(limit)} (${max}).`;
  }
  const head = new TextDecoder().decode(await readHead(file, 5));
  if (head !== "%PDF-") {
    return `This file isn't a PDF inside, although its name ends in .pdf (${file.name}). Save or export it as PDF and try again.`;
  }
  return null;
}
