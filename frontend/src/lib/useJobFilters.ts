/** The list's filters, read from and written to the address bar. */
import { useCallback, useMemo } from "react";
import { useLocation, useSearch } from "wouter";
import { filtersToSearch, parseFilters, type JobFilters } from "./jobFilters";

/** Address parameters the filters do not own and keep when they change: the table's sort. */
const KEPT_PARAMS = ["sort"];

function withKept(filterSearch: string, current: string): string {
  const params = new URLSearchParams(filterSearch);
  const old = new URLSearchParams(current);
  for (const name of KEPT_PARAMS) for (const value of old.getAll(name)) params.append(name, value);
  const qs = params.toString();
  return qs ? `?${qs}` : "";
}

export function useJobFilters() {
  const search = useSearch();
  const [path, navigate] = useLocation();
  const filters = useMemo(() => parseFilters(search), [search]);
  /** Typing replaces the history entry; a chosen filter adds one (Back undoes it). */
  const setFilters = useCallback(
    (next: Partial<JobFilters>, { replace = false }: { replace?: boolean } = {}) => {
      navigate(`${path}${withKept(filtersToSearch({ ...filters, ...next }), search)}`, {
        replace,
      });
    },
    [filters, search, path, navigate],
  );
  return { filters, setFilters, search: search ? `?${search}` : "" };
}
