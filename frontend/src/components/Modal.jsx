import { useEffect, useId, useRef } from "react";
import { createPortal } from "react-dom";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusablesIn(node) {
  return [...node.querySelectorAll(FOCUSABLE)].filter((el) => !el.closest("[hidden]"));
}

/** A modal dialog: focus moves in, Tab and Shift+Tab stay inside, Escape closes, and focus
 * returns to what opened it (or to `returnFocus` when that is gone, e.g. a replaced button). */
export function Modal({ title, onClose, children, returnFocus, describedBy, className = "" }) {
  const dialogRef = useRef(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });
  const returnFocusRef = useRef(returnFocus);
  useEffect(() => {
    returnFocusRef.current = returnFocus;
  });

  useEffect(() => {
    const opener = document.activeElement;
    const dialog = dialogRef.current;
    const first = dialog.querySelector("[data-autofocus]") ?? focusablesIn(dialog)[0] ?? dialog;
    first.focus();
    const appRoot = document.getElementById("root");
    if (appRoot && !appRoot.contains(dialog)) appRoot.inert = true;
    return () => {
      if (appRoot) appRoot.inert = false;
      // After React commits the change that closed the dialog, so a replaced opener is gone.
      setTimeout(() => {
        const fallback = returnFocusRef.current;
        const target = opener?.isConnected && opener !== document.body ? opener : fallback?.current ?? fallback;
        target?.focus?.();
      }, 0);
    };
  }, []);

  function onKeyDown(event) {
    if (event.key === "Escape") {
      event.stopPropagation();
      onCloseRef.current();
      return;
    }
    if (event.key !== "Tab") return;
    const items = focusablesIn(dialogRef.current);
    if (!items.length) {
      event.preventDefault();
      return;
    }
    const first = items[0];
    const last = items[items.length - 1];
    if (event.shiftKey && (document.activeElement === first || !dialogRef.current.contains(document.activeElement))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return createPortal(
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onCloseRef.current()}>
      <div
        ref={dialogRef}
        className={`modal ${className}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <div className="modal-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={() => onCloseRef.current()}>
            <span aria-hidden="true">×</span>
          </button>
        </div>
        {children}
      </div>
    </div>,
    document.body,
  );
}

/** A yes/no question in a modal. */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onClose, busy = false, error = null, returnFocus }) {
  const bodyId = useId();
  return (
    <Modal title={title} onClose={onClose} describedBy={bodyId} returnFocus={returnFocus}>
      <div id={bodyId} className="modal-body">
        {children}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button danger" onClick={onConfirm} disabled={busy} data-autofocus>
          {busy ? "Working…" : confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
