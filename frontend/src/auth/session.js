/** Per-tab storage for auth state: sessionStorage in the page, any Storage-like object in tests. */

export function readJson(storage, key) {
  try {
    const raw = storage.getItem(key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

export function writeJson(storage, key, value) {
  if (value == null) storage.removeItem(key);
  else storage.setItem(key, JSON.stringify(value));
}

/** A tiny listener set shared by both auth modes. */
export function createEmitter() {
  const listeners = new Set();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit() {
      for (const listener of [...listeners]) listener();
    },
  };
}
