import type { IncomingMessage } from 'node:http'
import { SYNC_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX, VOTER_SUBPROTOCOL_PREFIX } from '@whiteboard/shared'

/**
 * Whether the sync endpoint takes tokens from the URL's query (`SYNC_URL_TOKENS`). `allow` keeps
 * stock y-websocket clients working (they can only add URL parameters); `refuse` closes every
 * connection with a token in its URL, so no token can end up in a proxy's access log.
 */
export type UrlTokenPolicy = 'allow' | 'refuse'

export type SyncCredentials =
  | { ok: true; token: string | null; voterToken: string | null }
  | { ok: false; reason: string }

/** Refusal of a token in the URL under `SYNC_URL_TOKENS=refuse`. */
export const URL_TOKEN_REFUSED = 'This server takes access tokens only in the websocket subprotocol header, not in the address'

/**
 * The board token and voter token of a sync connection. The web app offers them as
 * subprotocols (`token.<token>`, `voter.<voterToken>`, see shared/src/protocol/syncUrl.ts);
 * stock clients put them in the query (`?token=&voter=`). A connection uses one place for
 * both: tokens in the header win, and the URL is read only when the header holds no board
 * token. With `refuse`, a token in the URL is refused whatever the header holds: it has already
 * been written to whatever logs the URL passed.
 */
export function readSyncCredentials(req: IncomingMessage, url: URL, policy: UrlTokenPolicy): SyncCredentials {
  const urlToken = url.searchParams.get('token')
  const urlVoter = url.searchParams.get('voter')
  if (policy === 'refuse' && (urlToken !== null || urlVoter !== null)) return { ok: false, reason: URL_TOKEN_REFUSED }
  const offered = offeredSubprotocols(req)
  const token = valueAfter(offered, TOKEN_SUBPROTOCOL_PREFIX)
  if (token !== null) return { ok: true, token, voterToken: valueAfter(offered, VOTER_SUBPROTOCOL_PREFIX) }
  return { ok: true, token: urlToken, voterToken: urlVoter }
}

/**
 * The subprotocol the server selects (ws's `handleProtocols`): ours when offered, else none.
 * Never one carrying a token, so the answer repeats no secret.
 */
export function selectSubprotocol(offered: Set<string>): string | false {
  return offered.has(SYNC_SUBPROTOCOL) ? SYNC_SUBPROTOCOL : false
}

/** ws has already refused a malformed header (400), so splitting on commas is enough here. */
function offeredSubprotocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol']
  return header ? header.split(',').map((p) => p.trim()) : []
}

function valueAfter(offered: readonly string[], prefix: string): string | null {
  const found = offered.find((p) => p.startsWith(prefix))
  return found === undefined ? null : found.slice(prefix.length)
}
