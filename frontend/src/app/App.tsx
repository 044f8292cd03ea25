import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { useState, useSyncExternalStore } from "react";
import { Link, useLocation } from "wouter";
import { UpdateBanner } from "../components/UpdateBanner";
import { ToastProvider, ToastRegion } from "../components/ui/Toast";
import { SignIn, type Auth } from "../features/auth";
import type { ApiClient } from "../lib/apiClient";
import { ApiProvider } from "../lib/apiContext";
import { AppRoutes } from "./AppRoutes";
import { createQueryClient } from "./queryClient";

export interface AppProps {
  auth: Auth;
  api: ApiClient;
  notice?: string | null;
  /** Tests pass their own (e.g. without retry delays). */
  createClient?: () => QueryClient;
}

/** The shell: sign-in until there is a user, then the page, under a notice when the API has
 * been updated since the page loaded. Each user gets a fresh server-state cache, so nothing
 * of one account is ever shown to the next. */
export function App({ auth, api, notice = null, createClient = createQueryClient }: AppProps) {
  const userName = useSyncExternalStore(auth.subscribe, () => auth.getUser()?.name ?? null);
  return (
    <ApiProvider api={api}>
      {userName ? (
        <SignedIn
          key={userName}
          auth={auth}
          api={api}
          userName={userName}
          createClient={createClient}
        />
      ) : (
        <SignIn auth={auth} notice={notice} />
      )}
    </ApiProvider>
  );
}

function SignedIn({
  auth,
  api,
  userName,
  createClient,
}: Required<Pick<AppProps, "auth" | "api" | "createClient">> & { userName: string }) {
  const [queryClient] = useState(createClient);
  return (
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="app-header">
          <p className="brand">Track</p>
          <nav className="app-nav" aria-label="Views">
            <ViewLink href="/" label="Jobs" />
            <ViewLink href="/calendar" label="Calendar" />
            <ViewLink href="/insights" label="Insights" />
            <ViewLink href="/settings" label="Settings" />
          </nav>
          <div className="user">
            <span>
              Signed in as <strong>{userName}</strong>
            </span>
            <button type="button" className="button small" onClick={() => void auth.signOut()}>
              Sign out
            </button>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          <UpdateBanner api={api} />
          <h1 className="visually-hidden">Your tracked jobs</h1>
          <AppRoutes />
        </main>
        <ToastRegion />
      </ToastProvider>
    </QueryClientProvider>
  );
}

/** A header link that says which view is open (`aria-current`); a job counts as the jobs view. */
function ViewLink({ href, label }: { href: string; label: string }) {
  const [location] = useLocation();
  const current =
    href === "/" ? location === "/" || location.startsWith("/jobs/") : location === href;
  return (
    <Link href={href} aria-current={current ? "page" : undefined}>
      {label}
    </Link>
  );
}
