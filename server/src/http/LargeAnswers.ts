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
  constructor(
    readonly budget: AnswerBudget,
    private readonly addressOf: (req: Request) => string,
  ) {}

  /**
   * Reserves `bytes` for this answer until it closes. Resolves true when the caller may read and
   * send; false when it was refused (answered 503 here) or the client went away while it waited.
   */
  async reserve(req: Request, res: Response, bytes: number): Promise<boolean> {
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

  /** Sends `data` as the body (the caller has set status and headers), in pieces as the client reads. */
  send(res: Response, data: Uint8Array): Promise<boolean> {
    res.setHeader('Content-Length', String(data.byteLength))
    return writeInChunks(res, data)
  }
}
