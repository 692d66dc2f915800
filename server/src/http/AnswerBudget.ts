/**
 * Bytes of large answers (snapshot downloads, images) the server holds in memory at once, over
 * all requests. An answer is read from storage whole (SQLite gives a blob only whole), so each
 * one in progress holds its size until the client has taken it; a client that never reads
 * would hold it until the socket idle timeout. 64 MiB lets two 25 MiB snapshots or dozens of
 * images go out at once; more wait their turn instead of taking memory.
 */
export const ANSWER_BYTES_IN_FLIGHT = 64 * 1024 * 1024

/**
 * Of those, what one client address may hold while another address waits: a quarter, so that
 * one address with a few unread downloads cannot make everyone else's images wait. Without
 * contention an address may use the whole budget (a classroom behind one address opening an
 * image-heavy board), and an answer larger than this is still sent when that address has
 * nothing else in flight.
 */
export const ANSWER_BYTES_PER_ADDRESS = 16 * 1024 * 1024

/** Answers that may wait for the budget; past this the request is refused (503, Retry-After) rather than queued. */
export const MAX_ANSWERS_WAITING = 256

/** Thrown by `AnswerBudget.acquire` when too many answers wait already. */
export class AnswerBudgetFullError extends Error {
  constructor() {
    super('too many large answers are waiting')
    this.name = 'AnswerBudgetFullError'
  }
}

interface Waiter {
  bytes: number
  address: string
  grant: () => void
}

export interface AnswerBudgetLimits {
  totalBytes: number
  perAddressBytes: number
  maxWaiting: number
}

/**
 * A budget of bytes for answers held in memory while they go out (see ANSWER_BYTES_IN_FLIGHT).
 * Grants in arrival order. An address's share (ANSWER_BYTES_PER_ADDRESS) counts only while an
 * answer for another address waits; a waiter held back by its own address's share is then
 * passed over, so it does not hold up the others. An answer larger than the whole budget is
 * granted when nothing else is in flight.
 */
export class AnswerBudget {
  private inFlight = 0
  private peak = 0
  private readonly byAddress = new Map<string, number>()
  private readonly waiting: Waiter[] = []
  readonly limits: AnswerBudgetLimits

  constructor(limits: Partial<AnswerBudgetLimits> = {}) {
    this.limits = { totalBytes: ANSWER_BYTES_IN_FLIGHT, perAddressBytes: ANSWER_BYTES_PER_ADDRESS, maxWaiting: MAX_ANSWERS_WAITING, ...limits }
  }

  /** Bytes granted and not yet released. */
  get bytesInFlight(): number {
    return this.inFlight
  }

  /** The most bytes ever in flight at once (for tests and the benchmark). */
  get peakBytesInFlight(): number {
    return this.peak
  }

  get waitingCount(): number {
    return this.waiting.length
  }

  /**
   * Resolves with a release function once `bytes` fit. Rejects with `AnswerBudgetFullError`
   * when too many wait, and with `signal`'s reason when it aborts while waiting.
   */
  acquire(bytes: number, address: string, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error)
    if (this.waiting.length === 0 && this.fitsTotal(bytes)) return Promise.resolve(this.take(bytes, address))
    if (this.waiting.length >= this.limits.maxWaiting) return Promise.reject(new AnswerBudgetFullError())
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.waiting.indexOf(waiter)
        if (at >= 0) this.waiting.splice(at, 1)
        reject(signal?.reason as Error)
        this.grantWaiting()
      }
      const waiter: Waiter = {
        bytes,
        address,
        grant: () => {
          signal?.removeEventListener('abort', onAbort)
          resolve(this.take(bytes, address))
        },
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.waiting.push(waiter)
      // Those ahead may be held back only by their own address's share.
      this.grantWaiting()
    })
  }

  private fitsTotal(bytes: number): boolean {
    return this.inFlight === 0 || this.inFlight + bytes <= this.limits.totalBytes
  }

  /** Whether `address` is over its share with `bytes` more, while an answer for another address waits. */
  private overShare(bytes: number, address: string): boolean {
    const mine = this.byAddress.get(address) ?? 0
    if (mine === 0 || mine + bytes <= this.limits.perAddressBytes) return false
    return this.waiting.some((w) => w.address !== address)
  }

  private take(bytes: number, address: string): () => void {
    this.inFlight += bytes
    this.peak = Math.max(this.peak, this.inFlight)
    this.byAddress.set(address, (this.byAddress.get(address) ?? 0) + bytes)
    let released = false
    return () => {
      if (released) return
      released = true
      this.inFlight -= bytes
      const left = (this.byAddress.get(address) ?? bytes) - bytes
      if (left <= 0) this.byAddress.delete(address)
      else this.byAddress.set(address, left)
      this.grantWaiting()
    }
  }

  private grantWaiting(): void {
    for (let i = 0; i < this.waiting.length; ) {
      const w = this.waiting[i]!
      if (this.overShare(w.bytes, w.address)) {
        i++
        continue
      }
      // Strict order on the total: a large answer is not overtaken forever by small ones.
      if (!this.fitsTotal(w.bytes)) return
      this.waiting.splice(i, 1)
      w.grant()
    }
  }
}
