/**
 * Which web pages may open sync connections: the app's own origin (the request's Host, and
 * PUBLIC_URL when set) plus the origins listed in ALLOWED_ORIGINS.
 *
 * Browsers always send `Origin` on a websocket handshake and scripts cannot forge it, so this
 * stops a hostile page from using a visitor's browser (and a board link it got hold of) to
 * reach the board. A request without `Origin` is not from a browser page: a y-websocket
 * client in Node, a script, the benchmarks. Such a client could send any Origin it likes,
 * so refusing it would protect nothing; the board token is what gates it.
 */
export interface OriginPolicy {
  /** Extra allowed origins, normalized (`scheme://host[:port]`). */
  allowed: ReadonlySet<string>
  publicUrl: string | undefined
}

export function originAllowed(origin: string | undefined, host: string | undefined, policy: OriginPolicy): boolean {
  if (origin === undefined) return true
  const normalized = normalizeOrigin(origin)
  if (normalized === null) return false
  if (policy.allowed.has(normalized) || normalized === policy.publicUrl) return true
  return host !== undefined && new URL(normalized).host === host.toLowerCase()
}

/** `scheme://host[:port]` of an origin, lower case and without default ports; null if it is none ("null", garbage). */
export function normalizeOrigin(origin: string): string | null {
  try {
    const url = new URL(origin)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
    return url.origin
  } catch {
    return null
  }
}
