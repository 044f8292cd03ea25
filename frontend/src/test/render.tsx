/** Render a part of the page the way the app does: the real API client over the fake server,
 * a real QueryClient per test (no retry delays), an in-memory address bar, and the toasts. */
import { QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { Router } from "wouter";
import { memoryLocation } from "wouter/memory-location";
import { createQueryClient } from "../app/queryClient";
import { ToastProvider, ToastRegion } from "../components/ui/Toast";
import { createApiClient } from "../lib/apiClient";
import { ApiProvider } from "../lib/apiContext";
import { createFakeServer, type FakeServer } from "./fakeServer";

export const testQueryClient = () =>
  createQueryClient({ queries: { retryDelay: 0 }, mutations: { retryDelay: 0 } });

export function renderWithApp(
  ui: ReactNode,
  { server = createFakeServer(), path = "/" }: { server?: FakeServer; path?: string } = {},
) {
  const api = createApiClient({ fetchImpl: server.fetch });
  const queryClient = testQueryClient();
  const location = memoryLocation({ path, record: true });
  const user = userEvent.setup();
  const view = render(
    <ApiProvider api={api}>
      <QueryClientProvider client={queryClient}>
        <Router hook={location.hook} searchHook={location.searchHook}>
          <ToastProvider>
            {ui}
            <ToastRegion />
          </ToastProvider>
        </Router>
      </QueryClientProvider>
    </ApiProvider>,
  );
  /** The address bar, as "/path?search". */
  const address = () => location.history.at(-1) ?? "";
  return { ...view, server, api, queryClient, location, user, address };
}
