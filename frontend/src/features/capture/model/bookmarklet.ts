/** The bookmarklet: what it collects of a posting's page (`collectPage`) and how it hands that to
 * Track's `/capture` window (`handOver`). Both functions are turned into the `javascript:` URL
 * by their source text (`bookmarkletHref`), so each must stand alone: no imports, no helpers
 * from outside its own body, plain DOM only. The URL holds no token: `/capture` signs in itself. */

// The message types are messages.ts's, spelled out below: these functions must stand alone.

/** The page as a compact HTML document for `POST /api/capture`: the title, the meta tags and the
 * canonical link, the JSON-LD blocks, embedded page data (Remix, Next.js, Apollo states), then
 * the selection, or else the main content (LinkedIn's top card lives in `main`), or else the
 * body, without scripts, styles and pictures. Its JSON-encoded size stays under `limit` bytes
 * (1 MiB, the API's cap) by cutting the body part first. */
export function collectPage(doc: Document, win: Window, limit = 1_000_000): string {
  const head: string[] = [];
  const title = doc.createElement("title");
  title.textContent = doc.title;
  head.push(title.outerHTML);
  doc
    .querySelectorAll("meta[name], meta[property], meta[itemprop], link[rel='canonical']")
    .forEach((el) => head.push(el.outerHTML));
  doc.querySelectorAll("script").forEach((script) => {
    const type = (script.getAttribute("type") || "").toLowerCase();
    const text = script.textContent || "";
    const isData =
      type === "application/ld+json" ||
      script.id === "__NEXT_DATA__" ||
      (!script.src &&
        /window\.(__remixContext|__NEXT_DATA__|__APOLLO_STATE__|__INITIAL_STATE__)\s*=/.test(text));
    if (isData) head.push(script.outerHTML);
  });
  let body = "";
  const selection = win.getSelection && win.getSelection();
  if (selection && selection.rangeCount && !selection.isCollapsed) {
    const holder = doc.createElement("div");
    for (let i = 0; i < selection.rangeCount; i++) {
      holder.appendChild(selection.getRangeAt(i).cloneContents());
    }
    body = "<main>" + holder.innerHTML + "</main>";
  } else {
    const main =
      doc.querySelector("main") ||
      doc.querySelector("[role='main']") ||
      doc.querySelector("article") ||
      doc.body;
    if (main) {
      const copy = main.cloneNode(true) as Element;
      copy
        .querySelectorAll("script, style, noscript, svg, img, picture, video, iframe, template")
        .forEach((el) => el.remove());
      body = copy.outerHTML;
    }
  }
  const size = (text: string) => new TextEncoder().encode(JSON.stringify(text)).length;
  const build = (part: string) =>
    "<!doctype html><html><head>" + head.join("") + "</head><body>" + part + "</body></html>";
  let html = build(body);
  // Cut the body until the document fits, then the head's data blocks if it still does not.
  while (size(html) > limit && body) {
    body = body.slice(0, Math.floor(body.length * 0.8));
    html = build(body);
  }
  while (size(html) > limit && head.length > 1) {
    head.pop();
    html = build("");
  }
  return html;
}

/** Runs on the posting's page: opens Track's `/capture` in a small window and, when that window
 * says it is ready (a message from Track's exact origin, from that window), posts it the page,
 * to Track's exact origin only. Answers each "ready" (a sign-in in between sends another). */
export function handOver(
  trackOrigin: string,
  collect: (doc: Document, win: Window) => string,
): void {
  const html = collect(document, window);
  const url = location.href;
  const popup = window.open(
    trackOrigin + "/capture",
    "track-capture",
    "popup,width=480,height=760",
  );
  if (!popup) {
    alert("Track could not open its window: allow pop-ups for this site, then try again.");
    return;
  }
  window.addEventListener("message", (event: MessageEvent<{ type?: unknown } | null>) => {
    if (event.origin !== trackOrigin || event.source !== popup) return;
    if (!event.data || event.data.type !== "track-capture-ready") return;
    popup.postMessage({ type: "track-capture-page", url: url, html: html }, trackOrigin);
  });
}

/** The `javascript:` URL for Track at `origin` (e.g. `window.location.origin`). The functions'
 * source is the built page's, so already minified in production; indentation is dropped (lines
 * are kept: a line comment in development builds must end where it ended). */
export function bookmarkletHref(origin: string): string {
  const code = `(${handOver.toString()})(${JSON.stringify(origin)},${collectPage.toString()})`;
  return `javascript:${encodeURIComponent(code.replace(/\n\s+/g, "\n"))}`;
}
