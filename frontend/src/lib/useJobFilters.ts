/** The list's filters, read from and written to the address bar. */
import { useCallback, useMemo } from "react";
import { useLocation, useSearch } from "wouter";
import { filtersToSearch, parseFilters, type JobFilters } from "./jobFilters";

export function useJobFilters() {
  const search = useSearch();
  const [path, navigate] = useLocation();
  const filters = useMemo(() => parseFilters(search), [search]);
  /** Typing replaces the history entry; a chosen filter adds one (Back undoes it). */
  const setFilters = useCallback(
    (next: Partial<JobFilters>, { replace = false }: { replace?: boolean } = {}) => {
      navigate(`${path}${filtersToSearch({ ...filters, ...next })}`, { replace });
    },
    [filters, path, navigate],
  );
  return { filters, setFilters, search: search ? `?${search}` : "" };
}
