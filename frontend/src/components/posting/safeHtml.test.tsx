import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { SafeHtml, safeHref } from "./safeHtml";

const renderHtml = (html: string) => render(<SafeHtml html={html} />).container;

describe("SafeHtml", () => {
  it("keeps the allow-listed tags and their text", () => {
    const root = renderHtml(
      "<h2>About</h2><p>We <strong>build</strong> <em>things</em>.</p><ul><li>One</li></ul>",
    );
    expect(root.querySelector("h4")?.textContent).toBe("About");
    expect(root.querySelector("p strong")?.textContent).toBe("build");
    expect(root.querySelectorAll("li")).toHaveLength(1);
  });

  it("never lets a script, an event handler or a frame reach the DOM", () => {
    const root = renderHtml(
      '<p onclick="alert(1)">Hi<script>alert(1)</script></p><img src=x onerror="alert(1)">' +
        '<iframe src="https://evil.test"></iframe><svg><script>alert(1)</script></svg>' +
        "<style>body{display:none}</style>",
    );
    expect(root.querySelector("script, img, iframe, svg, style")).toBeNull();
    expect(root.innerHTML).not.toMatch(/onerror|onclick|alert/);
    expect(root.querySelector("p")?.textContent).toBe("Hi");
  });

  it("keeps only http(s) links, opened apart and without a referrer", () => {
    const root = renderHtml(
      '<p><a href="javascript:alert(1)">bad</a> <a href="data:text/html,x">data</a> ' +
        '<a href=" JaVaScRiPt:alert(1)">mixed</a> <a href="/relative">rel</a> ' +
        '<a href="https://example.test/about" style="color:red" id="x">good</a></p>',
    );
    const links = root.querySelectorAll("a");
    expect(links).toHaveLength(1);
    expect(links[0]!.getAttribute("href")).toBe("https://example.test/about");
    expect(links[0]!.getAttribute("rel")).toBe("noopener noreferrer nofollow");
    expect(links[0]!.getAttribute("target")).toBe("_blank");
    expect(links[0]!.hasAttribute("style")).toBe(false);
    expect(links[0]!.hasAttribute("id")).toBe(false);
    expect(root.textContent).toContain("bad");
    expect(root.innerHTML).not.toMatch(/javascript|data:/i);
  });

  it("unwraps unknown tags and drops every attribute", () => {
    const root = renderHtml(
      '<div class="x"><p style="color:red" title="t">Text <u>under</u></p></div>',
    );
    const p = root.querySelector("p")!;
    expect(p.attributes).toHaveLength(0);
    expect(p.textContent).toBe("Text under");
    expect(root.querySelector("u")).toBeNull();
  });

  it("survives deep nesting", () => {
    const html = "<b>".repeat(500) + "deep" + "</b>".repeat(500);
    expect(() => renderHtml(html)).not.toThrow();
  });
});

describe("safeHref", () => {
  it("accepts http and https only", () => {
    expect(safeHref("http://a.test/")).toBe("http://a.test/");
    expect(safeHref("javascript:alert(1)")).toBeNull();
    expect(safeHref("vbscript:x")).toBeNull();
    expect(safeHref("")).toBeNull();
  });
});
