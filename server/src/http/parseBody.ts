import type { Request, Response } from 'express'
import type { z } from 'zod'
import { sendApiError } from './sendApiError'

/**
 * The JSON body of a request, checked against its schema; undefined once a 400 `invalid_body`
 * naming each wrong field is sent. No body reads as `{}`: every create and patch body is
 * optional as a whole. A body that is not JSON never gets here (see app.ts: 415, or 400
 * `invalid_json`, or 413 over MAX_JSON_BODY_BYTES).
 */
export function parseBody<S extends z.ZodType>(schema: S, req: Request, res: Response): z.infer<S> | undefined {
  const parsed = schema.safeParse(req.body ?? {})
  if (parsed.success) return parsed.data
  const detail = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; ')
  sendApiError(res, 400, 'invalid_body', `The request is not valid: ${detail}`)
  return undefined
}
