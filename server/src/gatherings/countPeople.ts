import { MAX_DISPLAY_NAME_LENGTH } from '@whiteboard/shared'
import type { PersonOnBoard } from '@whiteboard/shared/api/gatheringsApi'

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

/**
 * The people `countPeople` counts, by user id, with their name and whether they only look on.
 * `looking` comes from the role the server stamped into the state (PresenceOwnership), never
 * from the peer: a viewer connection looks on. A person who works in one tab and looks in
 * another counts as working. In multi-node mode the overview unites those of every node
 * (cluster/PeopleAcrossNodes.ts).
 */
export function peopleOn(statesByConnection: Iterable<readonly unknown[]>): Map<string, PersonOnBoard> {
  const people = new Map<string, PersonOnBoard>()
  for (const states of statesByConnection) {
    const person = states.map(personOf).find((found) => found !== undefined)
    if (person) addPerson(people, person.id, person)
  }
  return people
}

/** Adds one person to `people`; the same id seen working anywhere counts as working. */
export function addPerson(people: Map<string, PersonOnBoard>, id: string, person: PersonOnBoard): void {
  const known = people.get(id)
  people.set(id, known ? { name: known.name || person.name, looking: known.looking && person.looking } : { name: person.name, looking: person.looking })
}

function personOf(state: unknown): (PersonOnBoard & { id: string }) | undefined {
  const user = (state as { user?: unknown } | null)?.user
  if (user === null || typeof user !== 'object') return undefined
  const { id, name, role } = user as { id?: unknown; name?: unknown; role?: unknown }
  if (typeof id !== 'string') return undefined
  return { id, name: typeof name === 'string' ? name.slice(0, MAX_DISPLAY_NAME_LENGTH) : '', looking: role === 'viewer' }
}
