/** Times left at which a running timer is announced: 5 minutes and 1 minute before the end. */
export const TIMER_MILESTONES_MS: readonly number[] = [5 * 60_000, 60_000]

/**
 * The milestones still ahead of a running timer with `remainingMs` left, each with how long
 * until it. Only those strictly ahead: a run started at 5 minutes does not say "5 minutes left"
 * at its start, and one resumed after a milestone does not say it again.
 */
export function upcomingMilestones(remainingMs: number): Array<{ leftMs: number; inMs: number }> {
  return TIMER_MILESTONES_MS.filter((m) => remainingMs > m).map((m) => ({ leftMs: m, inMs: remainingMs - m }))
}
