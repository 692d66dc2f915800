import type { Request, RequestHandler } from 'express'
import { sendApiError } from './sendApiError'

/**
 * Most HTTP requests one client address may have in progress at once. A browser opens at most
 * six connections to a host, so 64 lets ten people behind one address (a classroom's NAT)
 * open image-heavy boards at the same moment; a script that opens hundreds of requests and
 * keeps them open (slow bodies, unread answers) gets no further than this, and each of its
 * requests still ends at the socket timeouts of httpTimeouts.ts.
 */
export const MAX_CONCURRENT_REQUESTS_PER_ADDRESS = 64

/** Seconds a refused client is asked to wait: requests in progress mostly end within one. */
export const CONCURRENT_REQUESTS_RETRY_AFTER_SECONDS = 1

export interface ConcurrentRequestsOptions {
  /** The address to count a request under, or null when it is not limited (see the app's address rule). */
  addressOf: (req: Request) => string | null
  limit?: number
}

/**
 * Counts each address's requests from arrival until the answer is finished or the socket
 * closes, and answers 503 with Retry-After past the limit. A request that was refused does not
 * count. Counts of addresses with nothing in progress are forgotten, so the map holds only
 * addresses that are being served.
 */
export function concurrentRequests(opts: ConcurrentRequestsOptions): RequestHandler & { inProgress(address: string): number } {
  const limit = opts.limit ?? MAX_CONCURRENT_REQUESTS_PER_ADDRESS
  const counts = new Map<string, number>()
  const handler: RequestHandler = (req, res, next) => {
    const address = opts.addressOf(req)
    if (address === null) return next()
    const current = counts.get(address) ?? 0
    if (current >= limit) {
      res.set('Retry-After', String(CONCURRENT_REQUESTS_RETRY_AFTER_SECONDS))
      sendApiError(res, 503, 'too_many_requests_in_progress', `Too many requests from your address at once (at most ${limit}). Wait a moment and try again.`)
      return
    }
    counts.set(address, current + 1)
    let released = false
    const release = (): void => {
      if (released) return
      released = true
      const left = (counts.get(address) ?? 1) - 1
      if (left <= 0) counts.delete(address)
      else counts.set(address, left)
    }
    // 'close' comes after 'finish' and also when the client goes away mid-answer.
    res.once('close', release)
    next()
  }
  return Object.assign(handler, { inProgress: (address: string) => counts.get(address) ?? 0 })
}

