import { useEffect } from "react";

/** A short message at the foot of the screen, with an optional action (e.g. Undo).
 * Announced politely; stays long enough to reach its button by keyboard. */
export function Toast({ toast, onDismiss, timeoutMs = 12000 }) {
  useEffect(() => {
    if (!toast) return undefined;
    const timer = setTimeout(onDismiss, timeoutMs);
    return () => clearTimeout(timer);
  }, [toast, onDismiss, timeoutMs]);

  return (
    <div className="toast-region" role="status" aria-live="polite">
      {toast && (
        <div className="toast">
          <span>{toast.message}</span>
          {toast.action && (
            <button
              type="button"
              className="button small"
              onClick={() => {
                onDismiss();
                toast.action.run();
              }}
            >
              {toast.action.label}
            </button>
          )}
          <button type="button" className="icon-button" aria-label="Dismiss message" onClick={onDismiss}>
            <span aria-hidden="true">×</span>
          </button>
        </div>
      )}
    </div>
  );
}
