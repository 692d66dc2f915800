import { useSyncExternalStore } from 'react'

/**
 * The width below which the board page works as on a phone: the header's controls go behind
 * one menu button and the facilitator tools start closed (HeaderMenu.css, BoardPage.css and
 * facilitation.css use the same 48rem). 48rem is 768 CSS px: a 1280 px window at 200 % zoom
 * or more, a phone, or a portrait tablet.
 */
export const NARROW_WINDOW_QUERY = '(max-width: 48rem)'

function subscribe(onChange: () => void): () => void {
  const list = window.matchMedia(NARROW_WINDOW_QUERY)
  list.addEventListener('change', onChange)
  return () => list.removeEventListener('change', onChange)
}

/** True while the window is narrow (see NARROW_WINDOW_QUERY); follows resizes and zoom. */
export function useNarrowWindow(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(NARROW_WINDOW_QUERY).matches)
}
