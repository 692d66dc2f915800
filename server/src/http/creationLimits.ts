import type { Request, Response } from 'express'
import { limitedAddress } from '../sync/clientAddress'
import { sendRefusal, type ApiRefusal } from './ApiRefusal'
import { AddressRateLimiter, type RateLimit } from './AddressRateLimiter'
import { addressBlock } from './addressBlock'

/**
 * New boards per client address, counted alike whether they come one by one
 * (`POST /api/boards`), as a gathering's team boards (`POST /api/gatherings` counts one per
 * team) or as a team added later. 120 at once is four gatherings of the largest size
 * (MAX_GATHERING_TEAMS, 30), more than a facilitator sets up for a day; then 120 an hour.
 * Without it one script made 450 boards a second, each fillable to MAX_BOARD_BYTES.
 */
export const BOARD_CREATION_LIMIT: RateLimit = { what: 'new boards', burst: 120, perHour: 120 }

/**
 * Image uploads per client address (`POST /api/boards/:id/assets`). A classroom behind one
 * address can paste 60 images at once and one a second after that; one participant could
 * otherwise fill the disk with 10 MiB images as fast as the network carries them.
 */
export const UPLOAD_LIMIT: RateLimit = { what: 'uploads', burst: 60, perHour: 3600 }

/**
 * New voter identities per client address (`POST /api/boards/:id/voter`). A browser asks once per
 * board and keeps its voter, so a venue of 600 people behind one address gets through at once;
 * without a limit one participant link could mint voters as fast as it asks, each of which could
 * vote once more from a connection of its own (the per-board connection limit still bounds that).
 */
export const VOTER_LIMIT: RateLimit = { what: 'new voters', burst: 600, perHour: 600 }

export type CreationKind = 'boards' | 'uploads' | 'voters'

export interface CreationLimits {
  /** The 429 for this request's address when `cost` more would exceed its limit (the cost is then not taken), else null. */
  refusal(req: Request, kind: CreationKind, cost: number): ApiRefusal | null
  /** {@link refusal}, answered: false once the 429 is sent. */
  admit(req: Request, res: Response, kind: CreationKind, cost: number): boolean
}

export interface CreationLimitsOptions {
  /** Client addresses from X-Forwarded-For (see sync/clientAddress.ts for which are exempt). */
  trustProxy: boolean
  /** Milliseconds; tests inject a clock. */
  now?: () => number
}

/** The creation limits of one server, per address block (addressBlock.ts); see {@link BOARD_CREATION_LIMIT}, {@link UPLOAD_LIMIT} and {@link VOTER_LIMIT}. */
export function creationLimits(opts: CreationLimitsOptions): CreationLimits {
  const now = opts.now ?? Date.now
  const limiters: Record<CreationKind, AddressRateLimiter> = {
    boards: new AddressRateLimiter(BOARD_CREATION_LIMIT),
    uploads: new AddressRateLimiter(UPLOAD_LIMIT),
    voters: new AddressRateLimiter(VOTER_LIMIT),
  }
  const refusal = (req: Request, kind: CreationKind, cost: number): ApiRefusal | null => {
    const address = limitedAddress(req, opts.trustProxy)
    if (address === null) return null
    const limiter = limiters[kind]
    const decision = limiter.take(addressBlock(address), cost, now())
    if (decision.ok) return null
    const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000))
    const { what, burst, perHour } = limiter.limit
    return {
      status: 429,
      error: 'rate_limited',
      message: `Too many ${what} from your address (at most ${burst} at once, then ${perHour} an hour). Try again in ${waitText(seconds)}.`,
      headers: { 'Retry-After': String(seconds) },
    }
  }
  return {
    refusal,
    admit(req, res, kind, cost) {
      const refused = refusal(req, kind, cost)
      if (refused) sendRefusal(res, refused)
      return refused === null
    },
  }
}

function waitText(seconds: number): string {
  if (seconds < 120) return `${seconds} seconds`
  return `${Math.ceil(seconds / 60)} minutes`
}
