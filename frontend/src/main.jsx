import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.jsx";
import { createAuth } from "./auth/index.js";
import { loadConfig } from "./config.js";
import { createApiClient } from "./lib/apiClient.js";
import "./styles.css";

async function start() {
  const root = createRoot(document.getElementById("root"));
  let config;
  try {
    config = await loadConfig();
  } catch (err) {
    root.render(<p className="form-error">The page is misconfigured: {err.message}</p>);
    return;
  }
  const api = createApiClient({ baseUrl: config.apiUrl });
  const auth = createAuth(config, { api });
  api.setAuth(auth);
  let notice = null;
  if (auth.completeSignIn) {
    try {
      await auth.completeSignIn(window.location.href);
    } catch (err) {
      notice = err.message;
    }
  }
  root.render(
    <StrictMode>
      <App auth={auth} api={api} notice={notice} />
    </StrictMode>,
  );
}

start();
