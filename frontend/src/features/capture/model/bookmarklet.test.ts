import { afterEach, describe, expect, it, vi } from "vitest";
import { bookmarkletHref, collectPage, handOver } from "./bookmarklet";
import { PAGE_MESSAGE, READY_MESSAGE } from "./messages";

const POSTING_LD = JSON.stringify({
  "@context": "https://schema.org",
  "@type": "JobPosting",
  title: "Data Engineer",
  hiringOrganization: { name: "Example Co" },
});

function setPage(html: string, title = "Data Engineer at Example Co") {
  document.documentElement.innerHTML = html;
  document.title = title;
}

afterEach(() => {
  window.getSelection()?.removeAllRanges();
  vi.restoreAllMocks();
});

describe("collectPage", () => {
  it("keeps the title, meta tags, JSON-LD and embedded page data, and the main content", () => {
    setPage(
      `<head><meta property="og:title" content="Data Engineer"><meta name="description" content="Join us">
       <link rel="canonical" href="https://jobs.example.test/1">
       <script type="application/ld+json">${POSTING_LD}</script>
       <script src="https://cdn.example.test/app.js"></script>
       <script>window.analytics = 1;</script>
       <script>window.__remixContext = {"state":{}};</script>
       <style>body{color:red}</style></head>
       <body><nav>Menu</nav><main><h1>Data Engineer</h1><p>About the role</p>
       <img src="x.png"><script>track()</script></main></body>`,
    );
    const html = collectPage(document, window);
    const doc = new DOMParser().parseFromString(html, "text/html");
    expect(doc.title).toBe("Data Engineer at Example Co");
    expect(doc.querySelector('meta[property="og:title"]')?.getAttribute("content")).toBe(
      "Data Engineer",
    );
    expect(doc.querySelector('meta[name="description"]')).not.toBeNull();
    expect(doc.querySelector('link[rel="canonical"]')).not.toBeNull();
    expect(
      JSON.parse(doc.querySelector('script[type="application/ld+json"]')!.textContent),
    ).toEqual(JSON.parse(POSTING_LD));
    expect(html).toContain("window.__remixContext");
    expect(html).not.toContain("analytics");
    expect(html).not.toContain("cdn.example.test");
    expect(html).not.toContain("<style");
    expect(doc.querySelector("main p")?.textContent).toBe("About the role");
    expect(doc.querySelector("main img, main script")).toBeNull();
    expect(html).not.toContain("Menu");
  });

  it("takes the selection instead of the main content when there is one", () => {
    setPage("<body><main><p id='a'>First part</p><p id='b'>Chosen words</p></main></body>");
    const range = document.createRange();
    range.selectNodeContents(document.getElementById("b")!);
    window.getSelection()!.addRange(range);
    const html = collectPage(document, window);
    expect(html).toContain("Chosen words");
    expect(html).not.toContain("First part");
  });

  it("falls back to the body and keeps under the size limit", () => {
    setPage(
      `<head><script type="application/ld+json">${POSTING_LD}</script></head>` +
        `<body><div>${"<p>word é</p>".repeat(5_000)}</div></body>`,
    );
    const html = collectPage(document, window, 20_000);
    expect(new TextEncoder().encode(JSON.stringify(html)).length).toBeLessThanOrEqual(20_000);
    expect(html).toContain("application/ld+json");
    expect(html).toContain("word é");
  });
});

describe("handOver", () => {
  const TRACK = "https://track.example.test";

  function openPopup() {
    const popup = { postMessage: vi.fn() };
    const open = vi.spyOn(window, "open").mockReturnValue(popup as unknown as Window);
    return { popup, open };
  }

  function message(data: unknown, origin: string, source: unknown) {
    const event = new MessageEvent("message", { data, origin });
    Object.defineProperty(event, "source", { value: source });
    window.dispatchEvent(event);
  }

  it("opens /capture and sends the page to Track's exact origin when it is ready", () => {
    setPage("<body><main>Role</main></body>");
    const { popup, open } = openPopup();
    handOver(TRACK, () => "<html>page</html>");
    expect(open).toHaveBeenCalledWith(`${TRACK}/capture`, "track-capture", expect.any(String));
    message({ type: READY_MESSAGE }, TRACK, popup);
    expect(popup.postMessage).toHaveBeenCalledWith(
      { type: PAGE_MESSAGE, url: window.location.href, html: "<html>page</html>" },
      TRACK,
    );
  });

  it("ignores a ready message from another origin or another window", () => {
    const { popup } = openPopup();
    handOver(TRACK, () => "x");
    message({ type: READY_MESSAGE }, "https://evil.test", popup);
    message({ type: READY_MESSAGE }, TRACK, {});
    message({ type: "something-else" }, TRACK, popup);
    expect(popup.postMessage).not.toHaveBeenCalled();
  });

  it("says so when the window could not open", () => {
    vi.spyOn(window, "open").mockReturnValue(null);
    const alert = vi.spyOn(window, "alert").mockImplementation(() => {});
    handOver(TRACK, () => "x");
    expect(alert).toHaveBeenCalledWith(expect.stringContaining("allow pop-ups"));
  });
});

describe("bookmarkletHref", () => {
  it("is a javascript: URL that runs on its own and names the origin it was made for", () => {
    const href = bookmarkletHref("https://track.example.test");
    expect(href.startsWith("javascript:")).toBe(true);
    expect(href).not.toMatch(/token|Bearer/i);
    const code = decodeURIComponent(href.slice("javascript:".length));
    setPage(`<head><script type="application/ld+json">${POSTING_LD}</script></head><body></body>`);
    const popup = { postMessage: vi.fn() };
    const open = vi.spyOn(window, "open").mockReturnValue(popup as unknown as Window);
    // As the browser runs it: in the page's global scope, with nothing of this module around
    // (the point of the test, hence the Function constructor).
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const run = new Function(code) as () => void;
    run();
    expect(open).toHaveBeenCalledWith(
      "https://track.example.test/capture",
      "track-capture",
      expect.any(String),
    );
    const event = new MessageEvent("message", {
      data: { type: READY_MESSAGE },
      origin: "https://track.example.test",
    });
    Object.defineProperty(event, "source", { value: popup });
    window.dispatchEvent(event);
    const sent = popup.postMessage.mock.calls[0]![0] as { html: string };
    expect(sent.html).toContain("Data Engineer");
    expect(popup.postMessage.mock.calls[0]![1]).toBe("https://track.example.test");
  });
});
