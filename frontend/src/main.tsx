import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { loadConfig } from "./config";
import { createAuth } from "./features/auth";
import { createApiClient } from "./lib/apiClient";
import "./styles.css";

async function start() {
  // The app shell is its own chunk (preloaded by index.html, see vite.config.ts), so the browser
  // evaluates React DOM and the app in two tasks rather than one long one, while the config loads.
  const shell = import("./app/App");
  const root = createRoot(document.getElementById("root")!);
  // The page restores the list's scroll itself (app/JobsScreen); the browser would fight it.
  history.scrollRestoration = "manual";
  let config;
  try {
    config = await loadConfig();
  } catch (err) {
    root.render(<p className="form-error">The page is misconfigured: {(err as Error).message}</p>);
    return;
  }
  const api = createApiClient({ baseUrl: config.apiUrl });
  const auth = createAuth(config, { api });
  api.setAuth(auth);
  let notice: string | null = null;
  if (auth.completeSignIn) {
    try {
      await auth.completeSignIn(window.location.href);
    } catch (err) {
      notice = (err as Error).message;
    }
  }
  // A new tab: an open tab of the page hands its session over (features/auth/model/tokenStore).
  await auth.restore();
  const { App } = await shell;
  root.render(
    <StrictMode>
      <App auth={auth} api={api} notice={notice} />
    </StrictMode>,
  );
}

void start();
