/** Open a stored file from a short-lived link: in a new tab to read it (a PDF), or downloaded.
 * Call it straight from the click: the tab is opened while the click still counts as the
 * person's (a pop-up blocker allows it), then pointed at the file once the link is in. */

export interface StoredFileLink {
  url: string;
  filename: string;
}

/** The new tab's title and text while the address is on its way. */
function showOpening(tab: Window, name: string) {
  try {
    tab.document.title = `Opening ${name}…`;
    tab.document.body.textContent = `Opening ${name}…`;
  } catch {
    // A browser that does not let the page write the blank tab: it stays blank a moment.
  }
}

export async function openStoredFile(
  link: () => Promise<StoredFileLink>,
  { inline, name }: { inline: boolean; name: string },
): Promise<void> {
  const tab = inline ? window.open("", "_blank") : null;
  if (tab) showOpening(tab, name);
  try {
    const { url, filename } = await link();
    if (inline) {
      if (!tab) throw new Error("the browser blocked the new tab; allow pop-ups for this page");
      tab.opener = null;
      tab.location.href = url;
    } else {
      const anchor = document.createElement("a");
      anchor.href = url;
      anchor.download = filename || name;
      anchor.rel = "noopener";
      document.body.appendChild(anchor);
      anchor.click();
      anchor.remove();
    }
  } catch (err) {
    tab?.close();
    throw err;
  }
}
