import { describe, expect, it } from "vitest";
import { acceptPage } from "./handshake";

const opener = {};
const own = { origin: "https://track.example.test", opener };
const page = { type: "track-capture-page", url: "https://jobs.example.test/1", html: "<p>x</p>" };
const from = (data: unknown, origin = "https://jobs.example.test", source: unknown = opener) => ({
  data,
  origin,
  source: source as MessageEvent["source"],
});

describe("acceptPage", () => {
  it("takes the page from the window that opened /capture", () => {
    expect(acceptPage(from(page), own)).toEqual({ url: page.url, html: page.html });
  });

  it("refuses a message from another window, from its own origin, or without an opener", () => {
    expect(acceptPage(from(page, undefined, {}), own)).toBeNull();
    expect(acceptPage(from(page, own.origin), own)).toBeNull();
    expect(acceptPage(from(page), { ...own, opener: null })).toBeNull();
  });

  it("refuses another shape, another URL's origin, or a non-http page", () => {
    expect(acceptPage(from({ ...page, type: "other" }), own)).toBeNull();
    expect(acceptPage(from({ ...page, html: 3 }), own)).toBeNull();
    expect(acceptPage(from("text"), own)).toBeNull();
    expect(acceptPage(from({ ...page, url: "https://other.test/1" }), own)).toBeNull();
    expect(acceptPage(from({ ...page, url: "javascript:alert(1)" }), own)).toBeNull();
  });
});
