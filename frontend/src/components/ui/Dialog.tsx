/** A modal dialog on the native <dialog> (showModal): the browser keeps focus and the
 * screen reader inside it and makes the page behind inert. What native does not do, this adds:
 *
 * - focus starts on the first field (or the element marked `data-autofocus`), not on ×;
 * - Escape is handled by a document listener of the topmost dialog, so it works wherever
 *   focus is (even if it fell to <body>) and in every state (saving, after a failed save);
 * - Escape, × and a click on the backdrop ask "Discard your changes?" (Keep editing focused)
 *   while a form inside has said it is dirty (`useDialogDirty`); an explicit Cancel does not;
 * - focus returns to the opener, or to `returnFocus` when the opener is gone. */
import { X } from "lucide-react";
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type ReactNode,
} from "react";

/** An element, a ref to one, or a function finding one when focus has to go back. */
export type FocusTarget =
  | HTMLElement
  | { readonly current: HTMLElement | null }
  | (() => HTMLElement | null)
  | null
  | undefined;

function resolveTarget(target: FocusTarget): HTMLElement | null {
  if (!target) return null;
  if (typeof target === "function") return target();
  if (target instanceof HTMLElement) return target;
  return target.current;
}

const FIELDS = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea";
const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

// The open dialogs, innermost last: only the topmost answers Escape.
const openDialogs: string[] = [];

interface DialogControls {
  /** Tell the dialog whether a form inside holds unsaved input. */
  setDirty(dirty: boolean): void;
  /** Close as Escape would: ask first when dirty. */
  requestClose(): void;
}

const DialogContext = createContext<DialogControls | null>(null);

/** A form inside a Dialog reports whether it holds unsaved input. */
export function useDialogDirty(dirty: boolean) {
  const dialog = useContext(DialogContext);
  useEffect(() => {
    dialog?.setDirty(dirty);
  }, [dialog, dirty]);
}

export interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  describedBy?: string;
  returnFocus?: FocusTarget;
  className?: string;
  role?: "dialog" | "alertdialog";
}

export function Dialog({
  title,
  onClose,
  children,
  describedBy,
  returnFocus,
  className = "",
  role = "dialog",
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const dirtyRef = useRef(false);
  const [asking, setAsking] = useState(false);
  // The latest props, for listeners added once.
  const latest = useRef({ onClose, returnFocus });
  useLayoutEffect(() => {
    latest.current = { onClose, returnFocus };
  });

  const requestClose = useCallback(() => {
    if (dirtyRef.current) setAsking(true);
    else latest.current.onClose();
  }, []);
  const [controls] = useState<DialogControls>(() => ({
    setDirty: (dirty) => {
      dirtyRef.current = dirty;
    },
    requestClose: () => requestClose(),
  }));

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const key = `${titleId}`;
    openDialogs.push(key);
    let closingOnPurpose = false;
    if (!dialog.open) dialog.showModal();
    const first =
      dialog.querySelector<HTMLElement>("[data-autofocus]") ??
      dialog.querySelector<HTMLElement>(FIELDS) ??
      [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].find(
        (el) => !el.closest("[data-dialog-close]"),
      ) ??
      dialog;
    first.focus();

    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== "Escape" || openDialogs.at(-1) !== key) return;
      // Cancelling the keydown stops the browser's own close, which would lose the input.
      event.preventDefault();
      event.stopPropagation();
      requestClose();
    }
    function onCancel(event: Event) {
      // A close request that did not come from our Escape (e.g. a phone's back gesture).
      event.preventDefault();
      if (openDialogs.at(-1) === key) requestClose();
    }
    function onNativeClose() {
      // Closed by the browser after all: never drop unsaved input without asking.
      if (closingOnPurpose) return;
      if (dirtyRef.current) {
        dialog!.showModal();
        setAsking(true);
      } else {
        latest.current.onClose();
      }
    }
    document.addEventListener("keydown", onKeyDown, true);
    dialog.addEventListener("cancel", onCancel);
    dialog.addEventListener("close", onNativeClose);
    return () => {
      document.removeEventListener("keydown", onKeyDown, true);
      dialog.removeEventListener("cancel", onCancel);
      dialog.removeEventListener("close", onNativeClose);
      openDialogs.splice(openDialogs.lastIndexOf(key), 1);
      closingOnPurpose = true;
      if (dialog.open) dialog.close();
      // After React commits the change that closed the dialog, so a replaced opener is gone.
      setTimeout(() => {
        const active = document.activeElement;
        if (active && active !== document.body && active.isConnected) return;
        const target = opener?.isConnected ? opener : resolveTarget(latest.current.returnFocus);
        target?.focus();
      }, 0);
    };
  }, [requestClose, titleId]);

  // A press that starts and ends on the backdrop (the <dialog> itself: its content fills it).
  const pressedBackdrop = useRef(false);

  return (
    <dialog
      ref={ref}
      className={`modal ${className}`}
      role={role === "alertdialog" ? "alertdialog" : undefined}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      onMouseDown={(e) => {
        pressedBackdrop.current = e.target === e.currentTarget;
      }}
      onClick={(e) => {
        if (pressedBackdrop.current && e.target === e.currentTarget) requestClose();
        pressedBackdrop.current = false;
      }}
    >
      <div className="modal-inner">
        <div className="modal-header">
          <h2 id={titleId}>{title}</h2>
          <button
            type="button"
            className="icon-button"
            aria-label="Close"
            data-dialog-close
            onClick={requestClose}
          >
            <X size={20} aria-hidden="true" />
          </button>
        </div>
        <DialogContext.Provider value={controls}>{children}</DialogContext.Provider>
      </div>
      {asking && (
        <ConfirmDialog
          title="Discard your changes?"
          confirmLabel="Discard"
          cancelLabel="Keep editing"
          onConfirm={() => {
            setAsking(false);
            latest.current.onClose();
          }}
          onClose={() => setAsking(false)}
        >
          <p>What you typed in “{title}” has not been saved.</p>
        </ConfirmDialog>
      )}
    </dialog>
  );
}

/** A form dialog's two buttons: Cancel, and the submit button that says "Saving…" while busy
 * (aria-disabled, not disabled, so it keeps its focus and its name is still read). */
export function FormActions({
  onCancel,
  busy,
  submitLabel,
}: {
  onCancel: () => void;
  busy: boolean;
  submitLabel: string;
}) {
  return (
    <div className="modal-actions">
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="button primary" aria-disabled={busy || undefined}>
        {busy ? "Saving…" : submitLabel}
      </button>
    </div>
  );
}

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  onConfirm: () => void;
  onClose: () => void;
  busy?: boolean;
  error?: string | null;
  returnFocus?: FocusTarget;
}

/** A yes/no question. Focus starts on Cancel (the safe answer): Enter never destroys. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel = "Cancel",
  onConfirm,
  onClose,
  busy = false,
  error = null,
  returnFocus,
}: ConfirmDialogProps) {
  const bodyId = useId();
  return (
    <Dialog
      title={title}
      onClose={onClose}
      describedBy={bodyId}
      returnFocus={returnFocus}
      role="alertdialog"
      className="confirm"
    >
      <div id={bodyId} className="modal-body">
        {children}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose} data-autofocus>
          {cancelLabel}
        </button>
        <button
          type="button"
          className="button danger"
          aria-disabled={busy || undefined}
          onClick={() => {
            if (!busy) onConfirm();
          }}
        >
          {busy ? "Working…" : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
