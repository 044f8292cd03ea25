/** The table's sort, read from and written to the address bar (`?sort=...`) beside the filters,
 * so reload, Back/Forward and the job's "All jobs" link keep it. The default is left out. */
import { useCallback, useMemo } from "react";
import { useLocation, useSearch } from "wouter";
import { parseSort, sortParam, SORT_PARAM, type JobSort } from "../model/sortJobs";

export function useJobSort() {
  const search = useSearch();
  const [path, navigate] = useLocation();
  const sort = useMemo(() => parseSort(new URLSearchParams(search).get(SORT_PARAM)), [search]);
  /** A chosen sort adds a history entry, as a chosen filter does (Back undoes it). */
  const setSort = useCallback(
    (next: JobSort) => {
      const params = new URLSearchParams(search);
      const value = sortParam(next);
      if (value) params.set(SORT_PARAM, value);
      else params.delete(SORT_PARAM);
      const qs = params.toString();
      navigate(`${path}${qs ? `?${qs}` : ""}`);
    },
    [search, path, navigate],
  );
  return { sort, setSort };
}
