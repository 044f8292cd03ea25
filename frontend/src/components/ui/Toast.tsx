/** Short messages at the foot of the screen, with an optional action (e.g. Undo): any
 * component says `useToast()(message)`; the region is rendered once by the app shell.
 * Announced politely; stays long enough to reach its button by keyboard. */
import { X } from "lucide-react";
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import "./toast.css";

export interface ToastMessage {
  message: string;
  action?: { label: string; run: () => void };
}

type Notify = (toast: ToastMessage) => void;

const ToastContext = createContext<{
  toast: ToastMessage | null;
  notify: Notify;
  dismiss: () => void;
}>({ toast: null, notify: () => {}, dismiss: () => {} });

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const notify = useCallback<Notify>((next) => setToast(next), []);
  const dismiss = useCallback(() => setToast(null), []);
  return (
    <ToastContext.Provider value={{ toast, notify, dismiss }}>{children}</ToastContext.Provider>
  );
}

export const useToast = (): Notify => useContext(ToastContext).notify;

export function ToastRegion({ timeoutMs = 12000 }: { timeoutMs?: number }) {
  const { toast, dismiss } = useContext(ToastContext);
  useEffect(() => {
    if (!toast) return undefined;
    const timer = setTimeout(dismiss, timeoutMs);
    return () => clearTimeout(timer);
  }, [toast, dismiss, timeoutMs]);

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
                dismiss();
                toast.action?.run();
              }}
            >
              {toast.action.label}
            </button>
          )}
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss message"
            onClick={dismiss}
          >
            <X size={18} aria-hidden="true" />
          </button>
        </div>
      )}
    </div>
  );
}
