import type { PresenceDrop } from './PresenceOwnership'

/**
 * What the sync endpoint reports for /metrics. The message counters are plain numbers bumped
 * on the hot path (a fan-out sends one frame to every peer); the metrics read them when scraped.
 */
export interface SyncObserver {
  /** `updatesAccepted`: document updates that passed the guards and wait for their commit (presence never counts). */
  readonly counters: { messagesIn: number; messagesOut: number; bytesIn: number; bytesOut: number; updatesAccepted: number }
  /** A connection was refused or closed by the server with a 4xxx code (or 1009 for a too large frame). */
  refused(code: number): void
  /** `count` presence entries were left out: under another connection's id, or with presence full (PresenceOwnership). */
  presenceDropped(reason: PresenceDrop, count: number): void
  /** One commit of a room's batch to storage took `seconds`. */
  persisted(seconds: number): void
  compacted(): void
}

/** An observer that only counts, for servers started without metrics (unit tests). */
export function silentObserver(): SyncObserver {
  return {
    counters: { messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0, updatesAccepted: 0 },
    refused: () => {},
    presenceDropped: () => {},
    persisted: () => {},
    compacted: () => {},
  }
}
