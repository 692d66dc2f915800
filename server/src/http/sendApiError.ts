import type { Response } from 'express'
import type { ApiError } from '@whiteboard/shared'

/** Every API failure goes out in one shape; `message` is shown to people, so it is plain text. */
export function sendApiError(res: Response, status: number, error: string, message: string): void {
  const body: ApiError = { error, message }
  res.status(status).json(body)
}
