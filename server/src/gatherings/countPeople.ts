/**
 * People on a board now: distinct presence user ids, one per connection at most. Awareness
 * ids are chosen by the client, so a connection may hold several states (a stock client relays
 * its browser's other tabs); counting each connection once keeps one connection from adding
 * people who do not exist. The same person in two tabs counts once, and connections without
 * presence (the overview's own thumbnail connections publish none) count not at all. States
 * come from peers: anything without a string `user.id` is not a person.
 *
 * `statesByConnection`: the live presence states of each connection (Room.presence).
 */
export function countPeople(statesByConnection: Iterable<readonly unknown[]>): number {
  return peopleOn(statesByConnection).size
}

/** The user ids `countPeople` counts; in multi-node mode the overview unites those of every node (cluster/PeopleAcrossNodes.ts). */
export function peopleOn(statesByConnection: Iterable<readonly unknown[]>): Set<string> {
  const ids = new Set<string>()
  for (const states of statesByConnection) {
    const id = states.map(userIdOf).find((found) => found !== undefined)
    if (id !== undefined) ids.add(id)
  }
  return ids
}

function userIdOf(state: unknown): string | undefined {
  const user = (state as { user?: unknown } | null)?.user
  const id = user !== null && typeof user === 'object' ? (user as { id?: unknown }).id : undefined
  return typeof id === 'string' ? id : undefined
}
