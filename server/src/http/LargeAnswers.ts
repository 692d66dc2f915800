import type { Request, Response } from 'express'
import { AnswerBudgetFullError, type AnswerBudget } from './AnswerBudget'
import { sendApiError } from './sendApiError'
import { writeInChunks } from './writeInChunks'

/** Seconds a client refused for a full download queue is asked to wait. */
export const LARGE_ANSWERS_RETRY_AFTER_SECONDS = 5

/**
 * Sends answers too large to hand to Node in one piece (snapshot downloads, images): memory for
 * them is reserved from the server's `AnswerBudget` before they are read, they go out in pieces
 * as the client takes them, and the reservation is returned when the answer is finished or the
 * client goes away.
 */
export class LargeAnswers {
  /** Puts back the socket idle timeout of an answer that waited (see `reserve`). */
  private readonly idleRestorers = new WeakMap<Response, () => void>()

  constructor(
    readonly budget: AnswerBudget,
    private readonly addressOf: (req: Request) => string,
  ) {}

  /**
   * Reserves `bytes` for this answer until it closes. Resolves true when the caller may read and
   * send; false when it was refused (answered 503 here) or the client went away while it waited.
   *
   * Until `send` starts (or the answer finishes otherwise), the socket's idle timeout is off:
   * the silence while the answer waits for the budget or a heavy-work queue is the server's, and
   * an honest client must not be cut off for it. A client that goes away meanwhile still ends
   * the wait (its 'close').
   */
  async reserve(req: Request, res: Response, bytes: number): Promise<boolean> {
    this.suspendIdleTimeout(res)
    const gone = new AbortController()
    const onClose = (): void => gone.abort(new Error('the client went away'))
    res.once('close', onClose)
    let release: () => void
    try {
      release = await this.budget.acquire(bytes, this.addressOf(req), gone.signal)
    } catch (err) {
      res.off('close', onClose)
      if (err instanceof AnswerBudgetFullError) {
        res.set('Retry-After', String(LARGE_ANSWERS_RETRY_AFTER_SECONDS))
        sendApiError(res, 503, 'busy', 'The server is sending many large downloads right now. Try again in a few seconds.')
      }
      return false
    }
    res.off('close', onClose)
    if (res.destroyed) {
      release()
      return false
    }
    res.once('close', release)
    return true
  }

  private suspendIdleTimeout(res: Response): void {
    const socket = res.socket
    const idleMs = socket?.timeout
    if (!socket || !idleMs) return
    socket.setTimeout(0)
    let restored = false
    const restore = (): void => {
      if (restored) return
      restored = true
      this.idleRestorers.delete(res)
      if (!socket.destroyed) socket.setTimeout(idleMs)
    }
    this.idleRestorers.set(res, restore)
    // Refusals and errors end the answer without `send`; a kept-alive socket gets its timeout back.
    res.once('finish', restore)
  }

  /** Sends `data` as the body (the caller has set status and headers), in pieces as the client reads. */
  send(res: Response, data: Uint8Array): Promise<boolean> {
    this.idleRestorers.get(res)?.()
    res.setHeader('Content-Length', String(data.byteLength))
    return writeInChunks(res, data)
  }
}
