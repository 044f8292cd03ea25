/** The posting's description (HTML the server has already sanitised) turned into React
 * elements: DOMParser reads it into an inert document (no script runs, nothing loads), and only
 * the allow-listed tags are rebuilt, with no attribute but an http(s) link's `href`. Defence in
 * depth, and CSP-safe: no `dangerouslySetInnerHTML`, whatever the server sends. */
import { createElement, type ReactNode } from "react";

const ALLOWED = new Set([
  "p",
  "br",
  "ul",
  "ol",
  "li",
  "strong",
  "b",
  "em",
  "i",
  "h2",
  "h3",
  "h4",
  "blockquote",
  "a",
]);
// Dropped with everything inside them; any other unknown tag is unwrapped (its text kept).
const DROPPED = new Set([
  "script",
  "style",
  "template",
  "noscript",
  "iframe",
  "frame",
  "object",
  "embed",
  "svg",
  "math",
  "head",
  "title",
  "textarea",
  "select",
]);
const MAX_DEPTH = 64;

/** An http(s) address, or null (javascript:, data:, relative, unreadable). */
export function safeHref(raw: string | null): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function convert(node: Node, key: string, depth: number): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (node.nodeType !== Node.ELEMENT_NODE || depth > MAX_DEPTH) return null;
  const element = node as Element;
  const tag = element.localName;
  if (DROPPED.has(tag)) return null;
  const children = [...element.childNodes].map((child, i) =>
    convert(child, `${key}.${i}`, depth + 1),
  );
  if (!ALLOWED.has(tag)) return children.length ? <span key={key}>{children}</span> : null;
  if (tag === "br") return <br key={key} />;
  if (tag === "a") {
    const href = safeHref(element.getAttribute("href"));
    if (!href) return <span key={key}>{children}</span>;
    return (
      <a key={key} href={href} rel="noopener noreferrer nofollow" target="_blank">
        {children}
      </a>
    );
  }
  // The description's own headings sit below the section's (h3): one level down each.
  const shifted = tag === "h2" ? "h4" : tag === "h3" || tag === "h4" ? "h5" : tag;
  return createElement(shifted, { key }, ...children);
}

/** The allow-listed content of `html` as React nodes. */
function safeHtmlNodes(html: string): ReactNode[] {
  const doc = new DOMParser().parseFromString(html, "text/html");
  return [...doc.body.childNodes].map((node, i) => convert(node, String(i), 0));
}

export function SafeHtml({
  html,
  className,
  id,
}: {
  html: string;
  className?: string;
  id?: string;
}) {
  return (
    <div className={className} id={id}>
      {safeHtmlNodes(html)}
    </div>
  );
}
