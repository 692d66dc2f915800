/**
 * The server's clock as seen from this browser. The shared timer stores when it ends on the
 * server's clock; a laptop whose clock is a minute off must still show the same remaining
 * time as everyone else, so each client estimates its offset against `GET /api/time` the
 * way NTP does: ask a few times, keep the answer with the shortest round trip (the one least
 * distorted by network delay), and assume the server read its clock halfway through it.
 */

/** One exchange with the time endpoint, all on the local clock except `serverNow`. */
export interface TimeSample {
  sentAt: number
  receivedAt: number
  serverNow: number
}

export interface ClockEstimate {
  /** Add to the local clock to get the server's. */
  offsetMs: number
  /** Round trip of the sample the estimate came from; the error is at most half of it. */
  rttMs: number
}

/** Samples taken per sync. Five is what NTP-like clients use to find one quiet round trip. */
export const CLOCK_SAMPLES = 5

/**
 * Round trips longer than this say nothing useful about the offset (the error bound is half
 * the round trip, and the timer promises one second), so such samples are dropped.
 */
export const MAX_USEFUL_RTT_MS = 4_000

/** How often the estimate is refreshed; laptop clocks drift and get corrected by NTP. */
export const CLOCK_RESYNC_MS = 10 * 60_000

/** The first wait before a sync that got no usable answer is tried again (it doubles, up to CLOCK_RESYNC_MS). */
export const CLOCK_RETRY_MS = 2_000

/** The estimate from the sample with the shortest round trip, or `undefined` if none is usable. */
export function estimateOffset(samples: readonly TimeSample[]): ClockEstimate | undefined {
  let best: ClockEstimate | undefined
  for (const s of samples) {
    const rttMs = s.receivedAt - s.sentAt
    if (!Number.isFinite(rttMs) || rttMs < 0 || rttMs > MAX_USEFUL_RTT_MS || !Number.isFinite(s.serverNow)) continue
    if (best && best.rttMs <= rttMs) continue
    best = { offsetMs: s.serverNow - (s.sentAt + rttMs / 2), rttMs }
  }
  return best
}

export interface ServerClockOptions {
  /** Asks the server for its time in ms since the epoch. */
  fetchServerNow: () => Promise<number>
  /** The local clock; `Date.now` in the browser, a fake one in tests. */
  localNow?: () => number
  samples?: number
}

/** The server's clock: `serverNow()` is the local clock corrected by the best estimate so far. */
export class ServerClock {
  private readonly fetchServerNow: () => Promise<number>
  private readonly localNow: () => number
  private readonly samples: number
  private estimate: ClockEstimate | undefined
  private syncing: Promise<ClockEstimate | undefined> | undefined

  constructor({ fetchServerNow, localNow = Date.now, samples = CLOCK_SAMPLES }: ServerClockOptions) {
    this.fetchServerNow = fetchServerNow
    this.localNow = localNow
    this.samples = samples
  }

  /** The server's current time. Before the first sync this is the local clock. */
  serverNow(): number {
    return this.localNow() + (this.estimate?.offsetMs ?? 0)
  }

  getEstimate(): ClockEstimate | undefined {
    return this.estimate
  }

  /** Takes `samples` exchanges one after another and keeps the best. Failed exchanges are skipped. */
  sync(): Promise<ClockEstimate | undefined> {
    this.syncing ??= this.takeSamples().finally(() => {
      this.syncing = undefined
    })
    return this.syncing
  }

  private async takeSamples(): Promise<ClockEstimate | undefined> {
    const taken: TimeSample[] = []
    for (let i = 0; i < this.samples; i++) {
      const sentAt = this.localNow()
      try {
        const serverNow = await this.fetchServerNow()
        taken.push({ sentAt, receivedAt: this.localNow(), serverNow })
      } catch {
        // One lost exchange is no reason to give up on the others.
        continue
      }
      // The best of this sync so far is used at once: on a loaded server the five exchanges can
      // take seconds, and a laptop minutes off must not show a running timer that far off
      // meanwhile. The newest sync's estimate wins even if its round trip was longer: either
      // clock may have been corrected since.
      const next = estimateOffset(taken)
      if (next) this.estimate = next
    }
    return this.estimate
  }
}

/** `fetchServerNow` for the browser: `GET /api/time` on this page's origin. */
export async function fetchServerTime(url = '/api/time'): Promise<number> {
  const res = await fetch(url, { cache: 'no-store', headers: { accept: 'application/json' } })
  if (!res.ok) throw new Error(`time: HTTP ${res.status}`)
  const body = (await res.json()) as { now?: unknown }
  if (typeof body.now !== 'number' || !Number.isFinite(body.now)) throw new Error('time: malformed answer')
  return body.now
}
