import { Bookmark, Copy } from "lucide-react";
import { useEffect, useMemo, useRef, useState } from "react";
import { bookmarkletHref } from "../model/bookmarklet";
import "./capture.css";

/** Settings' "Save postings from any page": the bookmarklet made for this Track's own address,
 * to drag to the bookmarks bar, with the steps for each browser and for a phone. */
export function BookmarkletCard({ origin = window.location.origin }: { origin?: string }) {
  const href = useMemo(() => bookmarkletHref(origin), [origin]);
  const linkRef = useRef<HTMLAnchorElement>(null);
  const [copied, setCopied] = useState<string | null>(null);

  // Set outside React's props: React warns on (and a later React blocks) a javascript: href,
  // and this one is meant to be dragged, never followed here.
  useEffect(() => {
    linkRef.current?.setAttribute("href", href);
  }, [href]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(href);
      setCopied("Copied. Paste it as a bookmark’s address.");
    } catch {
      setCopied("Could not copy here; drag the button to your bookmarks instead.");
    }
  }

  return (
    <section
      className="settings-card bookmarklet"
      id="bookmarklet"
      aria-labelledby="bookmarklet-heading"
    >
      <h3 id="bookmarklet-heading">Save postings from any page</h3>
      <p>
        The bookmarklet saves the job posting you are reading, with its description, in one click.
        It opens a small Track window; nothing is sent anywhere else, and it holds no password or
        key.
      </p>
      <p className="bookmarklet-drag">
        <a
          ref={linkRef}
          className="button primary bookmarklet-link"
          draggable
          onClick={(e) => {
            e.preventDefault();
            setCopied("Drag the button to your bookmarks bar; clicking it here does nothing.");
          }}
        >
          <Bookmark size={16} aria-hidden="true" />
          Save to Track
        </a>
        <span>Drag this to your bookmarks bar.</span>
      </p>
      <details>
        <summary>How to add it, browser by browser</summary>
        <dl className="bookmarklet-steps">
          <dt>Chrome and Edge</dt>
          <dd>
            Show the bookmarks bar (Ctrl+Shift+B, on a Mac ⌘+Shift+B), then drag “Save to Track”
            onto it.
          </dd>
          <dt>Firefox</dt>
          <dd>
            Show the bookmarks toolbar (View → Toolbars → Bookmarks Toolbar, or Ctrl+Shift+B), then
            drag the button onto it.
          </dd>
          <dt>Safari</dt>
          <dd>
            Show the Favorites bar (View → Show Favorites Bar, ⌘+Shift+B), then drag the button onto
            it.
          </dd>
          <dt>On a phone</dt>
          <dd>
            Copy the bookmarklet below, bookmark any page, edit that bookmark and paste the copy as
            its address, naming it “Save to Track”. On a posting, open it from your bookmarks (in
            Chrome, type its name in the address bar and pick the bookmark).
          </dd>
        </dl>
        <button type="button" className="button secondary small" onClick={() => void copy()}>
          <Copy size={16} aria-hidden="true" />
          Copy the bookmarklet
        </button>
      </details>
      <p role="status" className="field-help">
        {copied}
      </p>
      <p className="field-help">
        Then, on a job posting, click “Save to Track”. The bookmarklet works for this Track’s
        address only ({origin}); if you use Track at another address, add it again from there.
      </p>
    </section>
  );
}
