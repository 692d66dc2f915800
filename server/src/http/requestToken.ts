import type { Request } from 'express'

/** The board token of an API request: `Authorization: Bearer <token>`, else `?token=`. */
export function requestToken(req: Request): string | null {
  const header = req.get('authorization')
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim())
    return match ? match[1]! : null
  }
  const query = req.query.token
  return typeof query === 'string' ? query : null
}
