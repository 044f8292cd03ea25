/** The documents page's pure parts: which documents the filters keep, and where each was sent. */
import type { DocumentKind, LibraryDocument } from "../../../lib/documentTypes";

/** Those of `kind` ("" for any) whose name or file name contains `query`, ignoring case; in the
 * order given (the API's: newest first). */
export function filterDocuments(
  documents: readonly LibraryDocument[],
  { kind, query }: { kind: DocumentKind | ""; query: string },
): LibraryDocument[] {
  const q = query.trim().toLowerCase();
  return documents.filter(
    (d) =>
      (!kind || d.kind === kind) &&
      (!q || d.name.toLowerCase().includes(q) || d.filename.toLowerCase().includes(q)),
  );
}

/** The jobs a document is attached to, in the order of its `job_ids`, each by its company; a
 * job the page does not hold (yet) reads "a job". */
export function sentTo(
  document: Pick<LibraryDocument, "job_ids">,
  companies: ReadonlyMap<number, string>,
): { id: number; company: string }[] {
  return document.job_ids.map((id) => ({ id, company: companies.get(id) ?? "a job" }));
}
