import type { TokenSource } from "../../../lib/apiClient";

interface AuthUser {
  name: string;
  /** Cognito: the ID token's `email` claim, when it has one (dev sign-in has none). */
  email?: string;
}

/** The sign-in seam: the page sees only this, whichever mode the runtime config picked. */
export interface Auth extends TokenSource {
  mode: "dev" | "cognito";
  subscribe: (listener: () => void) => () => void;
  getUser: () => AuthUser | null;
  /** Dev: continue as `name`. Cognito: leave for the Hosted UI. */
  signIn: (name?: string) => Promise<void>;
  /** Signs this tab and every other tab of the page out. */
  signOut: () => Promise<void>;
  /** After "delete my data": Cognito deletes the sign-in account itself (with the user's own
   * access token) and signs out everywhere; dev sign-in only signs out. */
  deleteSignIn: () => Promise<void>;
  /** A new tab: wait (briefly) for an open tab to hand over its session. */
  restore: (timeoutMs?: number) => Promise<boolean>;
  /** Cognito only: finish the return from the Hosted UI. */
  completeSignIn?: (currentUrl: string) => Promise<boolean>;
}

/** The part of Storage the sign-in uses (sessionStorage in the page, a Map in tests). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The part of BroadcastChannel the sign-in uses. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  close(): void;
}
