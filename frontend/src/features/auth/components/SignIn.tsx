import { useId, useState, type FormEvent } from "react";
import type { Auth } from "../model/types";
import "./signIn.css";

/** Dev mode: "continue as" a name. Cognito mode: off to the Hosted UI. */
export function SignIn({ auth, notice = null }: { auth: Auth; notice?: string | null }) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    setBusy(true);
    try {
      await auth.signIn(name);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }

  return (
    <main className="sign-in" aria-labelledby={`${id}-heading`}>
      <h1 id={`${id}-heading`}>Track your job applications</h1>
      <p>Every application from saved to offer, with the notes and résumé that go with it.</p>
      {notice && (
        <p className="form-error" role="alert">
          {notice}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        {auth.mode === "dev" ? (
          <>
            <div className="field">
              <label htmlFor={`${id}-name`}>Continue as</label>
              <input
                id={`${id}-name`}
                name="name"
                autoComplete="username"
                maxLength={100}
                value={name}
                onChange={(e) => setName(e.target.value)}
                aria-describedby={`${id}-hint`}
              />
              <p id={`${id}-hint`} className="field-help">
                Development sign-in: any name works, and each name sees only its own jobs.
              </p>
            </div>
            <button type="submit" className="button primary" aria-disabled={busy || undefined}>
              {busy ? "Signing in…" : "Continue"}
            </button>
          </>
        ) : (
          <button type="submit" className="button primary" aria-disabled={busy || undefined}>
            {busy ? "Opening sign-in…" : "Sign in"}
          </button>
        )}
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
