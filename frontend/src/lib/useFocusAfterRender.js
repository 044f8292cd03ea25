import { useCallback, useEffect, useReducer, useRef } from "react";

/** Ask for focus on an element that the next render creates or enables (a new heading, a
 * field re-enabled after saving). It is moved after React commits, never before. */
export function useFocusAfterRender() {
  const pending = useRef(null);
  const [, rerender] = useReducer((n) => n + 1, 0);

  useEffect(() => {
    if (!pending.current) return;
    const el = pending.current();
    if (el && !el.disabled) {
      pending.current = null;
      el.focus();
    }
  });

  return useCallback((find) => {
    pending.current = typeof find === "string" ? () => document.getElementById(find) : find;
    rerender();
  }, []);
}
