/** y-websocket's first reconnect waits 2 × this; each failed attempt doubles the wait. */
export const RECONNECT_BASE_MS = 100

/**
 * Longest wait between two attempts (y-websocket's own default): a person whose server is back
 * is connected again within 2.5 s.
 */
export const MAX_RECONNECT_DELAY_MS = 2_500

/**
 * How long to wait before reconnect attempt `attempt` (1 for the first after a close): the
 * exponential backoff y-websocket uses (200 ms, 400 ms, … up to 2.5 s), shortened by a random
 * part of up to half. Without it every client of a node that dies or restarts comes back in
 * the same millisecond, and the nodes that take them over get 100 connections and board loads
 * at once, again at each step of the backoff. With it they spread over half the window
 * (100 clients over 100 ms at the first attempt, over 1.25 s once the backoff is at its cap),
 * and never wait longer than without it.
 * `random` gives numbers in [0, 1), as Math.random does; tests pass their own.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const backoff = Math.min(RECONNECT_BASE_MS * 2 ** Math.max(1, attempt), MAX_RECONNECT_DELAY_MS)
  return Math.round(backoff * (1 - random() / 2))
}
