import { MAX_LISTED_GATHERINGS } from '@whiteboard/shared/gatherings/gatheringLimits'

const KEY = 'whiteboard.gatherings'

/**
 * The facilitator tokens of gatherings made or opened in this browser, newest first. There
 * are no accounts: this list is how the front page can show "your gatherings", and only this
 * browser holds it. A token is a link's secret, so it stays in localStorage on this device and
 * goes only to our own server.
 */
export function rememberedGatheringTokens(): string[] {
  try {
    const raw: unknown = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '[]')
    return Array.isArray(raw) ? raw.filter((t): t is string => typeof t === 'string').slice(0, MAX_LISTED_GATHERINGS) : []
  } catch {
    return []
  }
}

export function rememberGathering(token: string): void {
  write([token, ...rememberedGatheringTokens().filter((t) => t !== token)])
}

/** Forgets a deleted gathering, or one whose token no longer works. */
export function forgetGathering(token: string): void {
  write(rememberedGatheringTokens().filter((t) => t !== token))
}

function write(tokens: string[]): void {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(tokens.slice(0, MAX_LISTED_GATHERINGS)))
  } catch {
    // Storage disabled: the list lasts as long as the page.
  }
}
