/**
 * A facilitator lock: a shape a facilitator locked carries `meta.facilitatorLock: true` next to
 * tldraw's `isLocked`. Only a facilitator may then unlock, change or delete it; the server refuses
 * anyone else (server/src/sync/updateGuard.ts), so tldraw's "Unlock all" in a participant's menu
 * cannot undo it. A lock a participant sets stays tldraw's own, which anyone may lift.
 */
export const FACILITATOR_LOCK_META_KEY = 'facilitatorLock'

/** True for a record value that is locked and marked as a facilitator's lock. */
export function isFacilitatorLocked(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false
  const shape = value as { isLocked?: unknown; meta?: unknown }
  if (shape.isLocked !== true || shape.meta === null || typeof shape.meta !== 'object') return false
  return (shape.meta as Record<string, unknown>)[FACILITATOR_LOCK_META_KEY] === true
}

/** Whether a record value carries the facilitator-lock mark, locked or not. */
export function hasFacilitatorLockMark(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false
  const meta = (value as { meta?: unknown }).meta
  return meta !== null && typeof meta === 'object' && (meta as Record<string, unknown>)[FACILITATOR_LOCK_META_KEY] === true
}
