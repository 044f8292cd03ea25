import { useMemo, useSyncExternalStore } from "react";
import { SignIn } from "./auth/SignIn.jsx";
import { createTrackApi } from "./features/track/api/trackApi.js";
import { TrackPage } from "./features/track/components/TrackPage.jsx";

/** The shell: sign-in until there is a user, then the Track page. */
export function App({ auth, api, notice = null }) {
  const userName = useSyncExternalStore(auth.subscribe, () => auth.getUser()?.name ?? null);
  const trackApi = useMemo(() => createTrackApi(api), [api]);

  if (!userName) return <SignIn auth={auth} notice={notice} />;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <p className="brand">Track</p>
        <div className="user">
          <span>
            Signed in as <strong>{userName}</strong>
          </span>
          <button type="button" className="button small" onClick={() => auth.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <h1 className="visually-hidden">Your tracked jobs</h1>
        <TrackPage key={userName} trackApi={trackApi} />
      </main>
    </>
  );
}
