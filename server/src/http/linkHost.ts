import { isIP } from 'node:net'
import type { Request, RequestHandler } from 'express'
import { sendApiError } from './sendApiError'

export interface LinkHostPolicy {
  /** PUBLIC_URL's origin; when set, links never use the Host header. */
  publicUrl: string | undefined
  /** ALLOWED_HOSTS: host names, lower case, without port. */
  allowedHosts: readonly string[]
}

/**
 * Whether the request's Host may go into the board and gathering links the answer carries.
 * The Host header is the client's claim: behind a proxy that passes any Host through, or in a
 * cache shared between people, a forged one would hand out links to someone else's site. So
 * without PUBLIC_URL only hosts the operator expects are taken: localhost, IP literals (a
 * server reached by its address on a local network) and ALLOWED_HOSTS. The port is not
 * judged: it cannot send a link to another host.
 */
export function hostAllowed(host: string | undefined, policy: LinkHostPolicy): boolean {
  if (policy.publicUrl) return true
  const name = hostName(host)
  if (name === null) return false
  return name === 'localhost' || isIP(name) !== 0 || policy.allowedHosts.includes(name)
}

/**
 * Mounted before every route that answers with links (creating boards, the gatherings API):
 * refuses an unexpected Host with 400 before anything is created. The routes then build links
 * with requestOrigin.ts.
 */
export function linkHost(policy: LinkHostPolicy): RequestHandler {
  return (req: Request, res, next) => {
    if (hostAllowed(req.get('host'), policy)) return next()
    sendApiError(
      res,
      400,
      'host_not_allowed',
      'This server does not make links for the address you used. The person who runs it should set PUBLIC_URL to the address people use (or list the host in ALLOWED_HOSTS).',
    )
  }
}

/** The host name of a Host header, lower case, without port or IPv6 brackets; null when there is none. */
function hostName(host: string | undefined): string | null {
  if (!host) return null
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host)
  if (bracketed) return bracketed[1]!.toLowerCase()
  const plain = /^([^:]+)(?::\d+)?$/.exec(host)
  return plain ? plain[1]!.toLowerCase() : null
}
