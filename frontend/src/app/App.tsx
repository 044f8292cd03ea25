import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import {
  BriefcaseBusiness,
  CalendarDays,
  ChartColumn,
  Columns3,
  FileText,
  Files,
  LogOut,
  Settings,
  Table2,
  Users,
  type LucideIcon,
} from "lucide-react";
import { lazy, Suspense, useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { Link, useLocation } from "wouter";
import { UpdateBanner } from "../components/UpdateBanner";
import { ToastProvider, ToastRegion } from "../components/ui/Toast";
import { SignIn, type Auth } from "../features/auth";
import { prefetchAllJobs } from "../lib/useAllJobs";
import type { ApiClient } from "../lib/apiClient";
import { ApiProvider } from "../lib/apiContext";
import { forgetAndSignOut, loadOffline, rememberedReader } from "../lib/offline";
import { AppRoutes } from "./AppRoutes";
import { createQueryClient } from "./queryClient";
import "./app.css";

// The offline layer (cache kept per user, writes that wait, the service worker): after the first screen.
const OfflineBanner = lazy(() => import("../components/offline/OfflineBanner"));

export interface AppProps {
  auth: Auth;
  api: ApiClient;
  notice?: string | null;
  /** Tests pass their own (e.g. without retry delays). */
  createClient?: () => QueryClient;
}

/** The shell: sign-in until there is a user, then the page, under a notice when the API has
 * been updated since the page loaded. Each user gets a fresh server-state cache, so nothing
 * of one account is ever shown to the next. With no session and no network, the last user's
 * jobs kept on the device, read-only (`reader`; lib/offline/start.ts startReading). */
export function App({ auth, api, notice = null, createClient = createQueryClient }: AppProps) {
  const userName = useSyncExternalStore(auth.subscribe, () => auth.getUser()?.name ?? null);
  const [reader, setReader] = useState(() => (navigator.onLine ? null : rememberedReader()));
  useEffect(() => {
    if (userName || reader || !rememberedReader()) return;
    void loadOffline()
      .then((offline) => offline.reachable(api))
      .then((yes) => yes || setReader(rememberedReader()));
  }, [userName, reader, api]);
  const leave = useCallback(() => setReader(null), []);
  const name = userName ?? reader?.name;
  return (
    <ApiProvider api={api}>
      {name ? (
        <SignedIn
          key={userName ?? ""}
          auth={auth}
          api={api}
          userName={name}
          leave={userName ? undefined : leave}
          createClient={createClient}
        />
      ) : (
        <>
          {window.location.pathname === "/capture" && <PageReceiver />}
          <SignIn auth={auth} notice={notice} />
        </>
      )}
    </ApiProvider>
  );
}

/** The bookmarklet's window before sign-in: takes the posting's page now (kept in
 * sessionStorage), so signing in loses nothing; /capture shows it once signed in. */
function PageReceiver() {
  useEffect(() => {
    let stop: (() => void) | null = null;
    let gone = false;
    // Fetched only here, so the first screen of every other page does not carry it.
    void import("../features/capture/model/handshake").then(({ listenForPage }) => {
      if (!gone) stop = listenForPage(() => {});
    });
    return () => {
      gone = true;
      stop?.();
    };
  }, []);
  return null;
}

function SignedIn({
  auth,
  api,
  userName,
  leave,
  createClient,
}: Required<Pick<AppProps, "auth" | "api" | "createClient">> & {
  userName: string;
  leave?: () => void;
}) {
  const [queryClient] = useState(() => {
    const client = createClient();
    // The jobs table and the board start with every job: ask now, not once they have drawn.
    const path = window.location.pathname;
    if (path === "/" || path.startsWith("/jobs/") || path === "/board") {
      prefetchAllJobs(client, api, window.location.search);
    }
    return client;
  });
  // The bookmarklet's small window shows the capture alone: no views to wander off to.
  const [location] = useLocation();
  const capturing = location === "/capture";
  return (
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="app-header">
          <p className="brand">
            <BriefcaseBusiness size={22} aria-hidden="true" />
            Track
          </p>
          {!capturing && (
            <nav className="app-nav" aria-label="Views">
              <ViewLink href="/" label="Jobs" icon={Table2} />
              <ViewLink href="/board" label="Board" icon={Columns3} />
              <ViewLink href="/calendar" label="Calendar" icon={CalendarDays} />
              <ViewLink href="/insights" label="Insights" icon={ChartColumn} />
              <ViewLink href="/report" label="Report" icon={FileText} />
              <ViewLink href="/contacts" label="Contacts" icon={Users} />
              <ViewLink href="/documents" label="Documents" short="Docs" icon={Files} />
              <ViewLink href="/settings" label="Settings" icon={Settings} />
            </nav>
          )}
          <div className="user">
            <span className="user-name">
              <span className="user-signed-in">{leave ? "Offline: " : "Signed in as "}</span>
              <strong>{userName}</strong>
            </span>
            <button
              type="button"
              className="button ghost small"
              onClick={() => void forgetAndSignOut(auth.signOut, leave)}
            >
              <LogOut size={16} aria-hidden="true" />
              Sign out
            </button>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          <UpdateBanner api={api} />
          <Suspense fallback={null}>
            <OfflineBanner
              api={api}
              auth={auth}
              client={queryClient}
              userName={userName}
              leave={leave}
            />
          </Suspense>
          <h1 className="visually-hidden">Your tracked jobs</h1>
          <AppRoutes
            userName={userName}
            userEmail={auth.getUser()?.email ?? null}
            onAccountDeleted={() => forgetAndSignOut(auth.deleteSignIn)}
          />
        </main>
        <ToastRegion />
      </ToastProvider>
    </QueryClientProvider>
  );
}

/** A header link that says which view is open (`aria-current`); a job counts as the jobs view.
 * `short`: the label in the phone's bottom bar, where the whole one would not fit. */
function ViewLink({
  href,
  label,
  short,
  icon: Icon,
}: {
  href: string;
  label: string;
  short?: string;
  icon: LucideIcon;
}) {
  const [location] = useLocation();
  const current =
    href === "/" ? location === "/" || location.startsWith("/jobs/") : location === href;
  return (
    <Link href={href} aria-current={current ? "page" : undefined}>
      <Icon size={18} aria-hidden="true" />
      <span className={short && "nav-long"}>{label}</span>
      {short && <span className="nav-short">{short}</span>}
    </Link>
  );
}
