import { DEFAULT_PRESENCE_LIMITS, type PresenceLimits } from './presenceLimits'

/**
 * The presence bytes all rooms of one server hold, against `limits.bytesPerProcess`. One per
 * server (tests run several servers in one process); each room's PresenceOwnership books its
 * states here.
 */
export class PresenceBudget {
  readonly limits: PresenceLimits
  private held = 0

  constructor(limits: Partial<PresenceLimits> = {}) {
    this.limits = { ...DEFAULT_PRESENCE_LIMITS, ...limits }
  }

  /** Presence bytes held by every room now (for /metrics). */
  get bytes(): number {
    return this.held
  }

  /** Whether `growth` more bytes stay within the server's limit. */
  fits(growth: number): boolean {
    return this.held + growth <= this.limits.bytesPerProcess
  }

  /** Books a change of `delta` bytes (negative when a state shrinks or goes). */
  add(delta: number): void {
    this.held += delta
  }
}
