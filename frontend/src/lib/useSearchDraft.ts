import { useEffect, useRef, useState } from "react";
import type { JobFilters } from "./jobFilters";

const TYPING_PAUSE_MS = 250;

type SetFilters = (next: Partial<JobFilters>, options?: { replace?: boolean }) => void;

/** The search box's text while it is typed: sent to the API (through the address bar) once
 * typing pauses or the form is submitted, and replaced when Back/Forward or a link changes the
 * search. The search lands where the page is when the pause ends (a job may have been opened
 * since). Shared by the jobs view's and the board's filters. */
export function useSearchDraft(q: string, setFilters: SetFilters) {
  const [draft, setDraft] = useState(q);
  const [shownQ, setShownQ] = useState(q);
  if (q !== shownQ) {
    setShownQ(q);
    setDraft(q);
  }
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const latestSetFilters = useRef(setFilters);
  useEffect(() => {
    latestSetFilters.current = setFilters;
  });

  return {
    draft,
    onChange(value: string) {
      setDraft(value);
      clearTimeout(timer.current);
      timer.current = setTimeout(
        () => latestSetFilters.current({ q: value }, { replace: true }),
        TYPING_PAUSE_MS,
      );
    },
    /** Forget a search still waiting for the typing pause (e.g. filters are being cleared). */
    cancel() {
      clearTimeout(timer.current);
    },
    submit() {
      clearTimeout(timer.current);
      setFilters({ q: draft }, { replace: true });
    },
  };
}
