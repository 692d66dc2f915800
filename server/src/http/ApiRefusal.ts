import type { Response } from 'express'
import { sendApiError } from './sendApiError'

/** A refusal decided before it is sent: uploads read their body first, then answer it. */
export interface ApiRefusal {
  status: number
  error: string
  /** Plain text, shown to people. */
  message: string
}

export function sendRefusal(res: Response, refusal: ApiRefusal): void {
  sendApiError(res, refusal.status, refusal.error, refusal.message)
}
