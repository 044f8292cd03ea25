import { useId, useRef, useState } from "react";

/** The new feed's address, shown once, with Copy (or, where the clipboard refuses, selected
 * for Ctrl+C). A new address is a new component (keyed by it), so its note starts empty. */
export function FeedAddress({ url }: { url: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  const urlRef = useRef<HTMLInputElement>(null);
  const urlId = useId();

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("Copied.");
    } catch {
      urlRef.current?.focus();
      urlRef.current?.select();
      setCopied("Selected: press Ctrl+C (⌘C on a Mac) to copy.");
    }
  }

  return (
    <div className="feed-url field">
      <label htmlFor={urlId}>Your feed address (shown only now)</label>
      <div className="feed-url-row">
        <input
          id={urlId}
          ref={urlRef}
          readOnly
          value={url}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="button small" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p className="field-help">
        Keep it private: anyone with it can read your calendar. Lost it? Make a new one.
      </p>
      <p role="status" className="field-help">
        {copied}
      </p>
    </div>
  );
}
