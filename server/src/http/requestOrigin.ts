import type { Request } from 'express'

/**
 * The origin board links are built on: PUBLIC_URL when configured (needed behind a TLS-terminating
 * proxy), else what the request itself came to. The Host header is the client's own claim: every
 * route that calls this is mounted behind linkHost.ts, which has refused hosts not on its allow-list.
 */
export function requestOrigin(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl
  const host = req.get('host')
  return host ? `${req.protocol}://${host}` : `${req.protocol}://localhost`
}
