/** The handshake's message types: "ready" from /capture, the page from the bookmarklet
 * (bookmarklet.ts spells them out, its functions standing alone; its test checks them). */
export const READY_MESSAGE = "track-capture-ready";
export const PAGE_MESSAGE = "track-capture-page";
