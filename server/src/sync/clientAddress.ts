import type { IncomingMessage } from 'node:http'

/**
 * The address a request comes from, and whether it was read from X-Forwarded-For. Behind a
 * reverse proxy (TRUST_PROXY) it is the last address in X-Forwarded-For: the one our proxy
 * appended, which the client cannot forge (addresses before it are the client's own claims).
 */
export function peerAddress(req: IncomingMessage, trustProxy: boolean): { address: string; forwarded: boolean } {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for']
    const list = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',')
    const last = list[list.length - 1]?.trim()
    if (last) return { address: last, forwarded: true }
  }
  return { address: req.socket.remoteAddress ?? 'unknown', forwarded: false }
}

/** The address a connection comes from, for logs and per-address counts; see {@link peerAddress}. */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  return peerAddress(req, trustProxy).address
}

/**
 * The address every per-address limit counts a request under, or null when none applies: a
 * peer on this machine itself, connected straight to our socket. Without TRUST_PROXY a local
 * reverse proxy makes every person look like 127.0.0.1, and a limit there would cap the whole
 * service; anything on the machine can reach the process anyway. An address taken from
 * X-Forwarded-For is never exempt, loopback or not: it is what the proxy says about a remote
 * client, and a client that writes "127.0.0.1" into its own header must not slip past.
 */
export function limitedAddress(req: IncomingMessage, trustProxy: boolean): string | null {
  const { address, forwarded } = peerAddress(req, trustProxy)
  return !forwarded && isLoopback(address) ? null : address
}

export function isLoopback(address: string): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1' || address.startsWith('127.')
}
