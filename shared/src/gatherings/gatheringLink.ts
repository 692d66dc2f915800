/** The header that carries several gathering tokens to `GET /api/gatherings`, separated by commas or spaces. */
export const GATHERING_TOKENS_HEADER = 'x-gathering-tokens'

/** The app route of a gathering's overview; the token travels in the fragment, as for boards. */
export const GATHERING_ROUTE_PREFIX = '/g/'

export function gatheringLink(origin: string, gatheringId: string, token: string): string {
  return `${origin}${GATHERING_ROUTE_PREFIX}${gatheringId}#token=${encodeURIComponent(token)}`
}
