import { useCallback, useEffect, useState } from "react";

type Find = () => HTMLElement | null | undefined;

/** Ask for focus on an element that the next render creates (a heading back after an edit, a
 * field showing its error). Focus moves after React commits, never before. The request is the
 * effect's dependency: each call runs it once, with nothing counted. */
export function useFocusAfterRender() {
  const [request, setRequest] = useState<{ find: Find } | null>(null);

  useEffect(() => {
    request?.find()?.focus();
  }, [request]);

  return useCallback((find: string | Find) => {
    setRequest({ find: typeof find === "string" ? () => document.getElementById(find) : find });
  }, []);
}
