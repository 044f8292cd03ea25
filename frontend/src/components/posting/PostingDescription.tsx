import { ChevronDown, ChevronUp } from "lucide-react";
import { useId, useState } from "react";
import { SafeHtml } from "./safeHtml";
import "./posting.css";

/** The description, cut to a few lines until "Show full description" (a real button with
 * `aria-expanded`, so a screen reader hears the state). */
export function PostingDescription({ html }: { html: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="posting-description-wrap">
      <SafeHtml
        html={html}
        className={`posting-description${open ? "" : " collapsed"}`}
        id={`${id}-description`}
      />
      <button
        type="button"
        className="button ghost small"
        aria-expanded={open}
        aria-controls={`${id}-description`}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? (
          <ChevronUp size={16} aria-hidden="true" />
        ) : (
          <ChevronDown size={16} aria-hidden="true" />
        )}
        {open ? "Show less" : "Show full description"}
      </button>
    </div>
  );
}
