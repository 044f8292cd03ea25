/** The server-state cache (TanStack Query): what is retried and how long to wait, refetch when
 * the window regains focus, and the rule that a 409 or 404 on a job refreshes it. */
import {
  MutationCache,
  QueryClient,
  type QueryKey,
  type QueryClientConfig,
} from "@tanstack/react-query";
import { isApiError } from "../lib/apiClient";

declare module "@tanstack/react-query" {
  interface Register {
    mutationMeta: {
      /** Refetched when the server answers 409 (its view differs) or 404 (deleted elsewhere). */
      refreshOnConflict?: QueryKey[];
    };
  }
}

/** A 503 means the server changed nothing and asks us to come back (Retry-After): retry twice.
 * A failed connection is retried once for reads. Nothing else is retried: a 4xx would fail
 * the same way again. */
export function shouldRetry(failureCount: number, error: unknown, { write = false } = {}) {
  if (!isApiError(error)) return false;
  if (error.status === 503) return failureCount < 2;
  if (error.status === 0 && !write) return failureCount < 1;
  return false;
}

/** The server's Retry-After when it sent one (capped at 10 s), else 1 s, 2 s, 4 s... */
export function retryDelay(attempt: number, error: unknown) {
  if (isApiError(error) && error.retryAfterMs != null) return Math.min(error.retryAfterMs, 10_000);
  return Math.min(1000 * 2 ** attempt, 8000);
}

export function createQueryClient(overrides: QueryClientConfig["defaultOptions"] = {}) {
  const client: QueryClient = new QueryClient({
    mutationCache: new MutationCache({
      onError(error, _variables, _context, mutation) {
        const status = isApiError(error) ? error.status : 0;
        if (status !== 409 && status !== 404) return;
        for (const queryKey of mutation.meta?.refreshOnConflict ?? []) {
          void client.invalidateQueries({ queryKey });
        }
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: true,
        retry: (count, error) => shouldRetry(count, error),
        retryDelay,
        ...overrides.queries,
      },
      mutations: {
        retry: (count, error) => shouldRetry(count, error, { write: true }),
        retryDelay,
        ...overrides.mutations,
      },
    },
  });
  return client;
}
