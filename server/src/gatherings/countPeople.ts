import type { Awareness } from 'y-protocols/awareness'

/**
 * People on a board now: distinct presence user ids among its awareness states, so one person
 * with two tabs counts once, and connections without presence (the overview's own thumbnail
 * connections publish none) count not at all. States come from peers: anything without a
 * string `user.id` is not a person.
 */
export function countPeople(awareness: Awareness): number {
  const ids = new Set<string>()
  for (const state of awareness.getStates().values()) {
    const user = (state as { user?: unknown } | null)?.user
    const id = user !== null && typeof user === 'object' ? (user as { id?: unknown }).id : undefined
    if (typeof id === 'string') ids.add(id)
  }
  return ids.size
}
