/** The views that hold unsaved input (useLeaveGuard registers them), and the one question asked
 * before the page moves on. Kept apart from the hook so the jobs screen, which only asks, loads
 * none of the hook's code on the first screen. */

/** Resolves true when everything is saved (leaving loses nothing). */
export type Settle = () => Promise<boolean>;

const LEAVE_QUESTION = "Some of what you typed could not be saved. Leave anyway and lose it?";
export const guards = new Set<{ active: () => boolean; settle: Settle }>();

/** Whether a view holds input not saved yet (leaving then goes through leaveAllowed). */
export const leaveNeedsCare = () => [...guards].some((g) => g.active());

/** Whether the page may move on: every active guard settled, or the person agreed to lose it. */
export async function leaveAllowed(): Promise<boolean> {
  const active = [...guards].filter((g) => g.active());
  if (active.length === 0) return true;
  const saved = await Promise.all(active.map((g) => g.settle()));
  return saved.every(Boolean) || window.confirm(LEAVE_QUESTION);
}
