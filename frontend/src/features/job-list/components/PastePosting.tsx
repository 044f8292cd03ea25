import { useId, useState } from "react";
import { Duplicates } from "../../../components/posting/Duplicates";
import { PostingPreview } from "../../../components/posting/PostingPreview";
import type { CaptureResult } from "../../../lib/posting";
import { useCapture } from "../../../lib/useCapture";

/** Plain text (no tag at all) sent as the page's description: the API reads a `description`
 * meta tag when nothing better is there, and turns its text into paragraphs. */
export function asPageHtml(pasted: string): string {
  if (/<[a-z!/]/i.test(pasted)) return pasted;
  const attr = pasted.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  return `<html><head><meta name="description" content="${attr}"></head><body></body></html>`;
}

/** "Paste a posting" in the track dialog: the page's HTML or text (or just the description),
 * read by the API with the URL above; what it finds fills the form, and the jobs it may
 * already be are said before saving. */
export function PastePosting({
  url,
  result,
  onResult,
}: {
  url: string;
  result: CaptureResult | null;
  onResult: (result: CaptureResult) => void;
}) {
  const [pasted, setPasted] = useState("");
  const [error, setError] = useState<string | null>(null);
  const capture = useCapture();
  const id = useId();

  async function read() {
    setError(null);
    const address = url.trim();
    if (!/^https?:\/\/\S+$/i.test(address)) {
      setError("Add the posting’s URL above first (starting with https://).");
      return;
    }
    if (!pasted.trim()) {
      setError("Paste the page’s HTML or the posting’s text first.");
      return;
    }
    try {
      onResult(await capture.mutateAsync({ url: address, html: asPageHtml(pasted) }));
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <details className="paste-posting">
      <summary>Paste a posting</summary>
      <div className="field">
        <label htmlFor={`${id}-pasted`}>The posting’s page (HTML) or its text</label>
        <textarea
          id={`${id}-pasted`}
          rows={5}
          value={pasted}
          aria-describedby={`${id}-help${error ? ` ${id}-error` : ""}`}
          onChange={(e) => setPasted(e.target.value)}
        />
        <p className="field-help" id={`${id}-help`}>
          In the posting’s tab, view the page source (Ctrl+U), select all and paste it here, or
          paste just the description. The posting’s URL above is sent with it.
        </p>
        {error && (
          <p className="field-error" id={`${id}-error`} role="alert">
            {error}
          </p>
        )}
      </div>
      <button
        type="button"
        className="button secondary small"
        aria-disabled={capture.isPending || undefined}
        onClick={() => void (capture.isPending ? null : read())}
      >
        {capture.isPending ? "Reading…" : "Read the posting"}
      </button>
      {result && (
        <div className="paste-result">
          <p role="status" className="field-help">
            {result.posting.title || result.posting.company
              ? "Filled in from the posting; check the fields above."
              : "No company or title was found; the description is kept."}
          </p>
          <Duplicates duplicates={result.duplicates} />
          <PostingPreview posting={result.posting} headingId={`${id}-preview`} />
        </div>
      )}
    </details>
  );
}
