import type { Response } from 'express'
import { sendApiError } from './sendApiError'

/** A refusal decided before it is sent: uploads read their body first, then answer it. */
export interface ApiRefusal {
  status: number
  error: string
  /** Plain text, shown to people. */
  message: string
  /** Sent with the answer, e.g. `Retry-After`. */
  headers?: Record<string, string>
}

export function sendRefusal(res: Response, refusal: ApiRefusal): void {
  if (refusal.headers) res.set(refusal.headers)
  sendApiError(res, refusal.status, refusal.error, refusal.message)
}
