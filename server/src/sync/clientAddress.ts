import type { IncomingMessage } from 'node:http'

/**
 * The address a connection comes from, for the per-address limit. Behind a reverse proxy
 * (TRUST_PROXY) it is the last address in X-Forwarded-For: the one our proxy appended, which
 * the client cannot forge (addresses before it are the client's own claims).
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for']
    const list = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',')
    const last = list[list.length - 1]?.trim()
    if (last) return last
  }
  return req.socket.remoteAddress ?? 'unknown'
}

/**
 * Loopback peers are not limited per address. Without TRUST_PROXY a local reverse proxy makes
 * every person look like 127.0.0.1, and a limit there would cap the whole service; anything
 * on the machine itself can reach the process anyway.
 */
export function isLoopback(address: string): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1' || address.startsWith('127.')
}
