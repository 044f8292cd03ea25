/** Keeps typed input from being lost when the person leaves the view that holds it: while
 * `active` (a save pending, running or failed), closing or reloading the tab asks the browser's
 * own question, and a click on one of the page's links first lets `settle` finish (send what is
 * pending and wait for it); only when that fails is the person asked before the page moves on.
 * Code that navigates by itself (the side panel's Close) asks `leaveAllowed()` (leaveGuard.ts)
 * first. */
import { useEffect, useRef } from "react";
import { useLocation } from "wouter";
import { guards, leaveAllowed, type Settle } from "./leaveGuard";

/** Where a plain click on one of the page's own links (or a table row that opens a job,
 * `data-href`) goes inside this tab, or null. */
function ownLinkTarget(event: MouseEvent): string | null {
  if (event.defaultPrevented || event.button !== 0) return null;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const target = event.target as Element | null;
  const link = target?.closest?.<HTMLAnchorElement>("a[href]");
  if (link) {
    if ((link.target && link.target !== "_self") || link.hasAttribute("download")) return null;
    if (link.origin !== window.location.origin) return null;
    return `${link.pathname}${link.search}${link.hash}`;
  }
  if (target?.closest("button, input, select, textarea")) return null;
  return target?.closest<HTMLElement>("[data-href]")?.dataset.href ?? null;
}

export function useLeaveGuard(active: boolean, settle: Settle) {
  const [, navigate] = useLocation();
  const latest = useRef({ active, settle });
  useEffect(() => {
    latest.current = { active, settle };
  });

  useEffect(() => {
    const guard = { active: () => latest.current.active, settle: () => latest.current.settle() };
    guards.add(guard);
    function onClick(event: MouseEvent) {
      if (!latest.current.active) return;
      const to = ownLinkTarget(event);
      if (to === null) return;
      // Before the router (and any row's own handler) sees the click.
      event.preventDefault();
      event.stopPropagation();
      void leaveAllowed().then((ok) => ok && navigate(to));
    }
    document.addEventListener("click", onClick, true);
    return () => {
      guards.delete(guard);
      document.removeEventListener("click", onClick, true);
    };
  }, [navigate]);

  useEffect(() => {
    if (!active) return undefined;
    function onBeforeUnload(event: BeforeUnloadEvent) {
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = "";
    }
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [active]);
}
