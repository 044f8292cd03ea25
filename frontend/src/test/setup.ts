import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach, vi } from "vitest";

// jsdom has <dialog> without its behaviour: open and close as a browser does (no top layer;
// Escape and focus are the Dialog component's own work, which is what the tests check).
if (
  typeof HTMLDialogElement !== "undefined" &&
  typeof HTMLDialogElement.prototype.showModal !== "function"
) {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute("open", "");
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    if (!this.hasAttribute("open")) return;
    this.removeAttribute("open");
    this.dispatchEvent(new Event("close"));
  };
}

// Tabs do not talk to each other in tests unless a test connects them itself.
vi.stubGlobal("BroadcastChannel", undefined);

afterEach(() => {
  if (typeof document !== "undefined") cleanup();
  globalThis.sessionStorage?.clear();
});
