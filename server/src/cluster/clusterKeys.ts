/**
 * Where the cluster keeps its things in Redis. One prefix, so an operator can see (and a shared
 * Redis can hold) what belongs to the whiteboard. Nothing here is the record of anything: a Redis
 * restarted empty loses only the live tail, which every node refills from Postgres.
 */
const PREFIX = 'wb:'

export const clusterKeys = {
  /**
   * The stream of one board's committed updates: `{seq, node, update}` entries, trimmed
   * (STREAM_MAX_ENTRIES). A person's private doc has one too, by its `privateDocKey`
   * (`wb:board:<board>/private/<person>:updates`); it has none of the other keys.
   */
  updates: (boardId: string): string => `${PREFIX}board:${boardId}:updates`,
  /** The pub/sub channel of one board's presence (awareness updates tagged with their node). */
  presence: (boardId: string): string => `${PREFIX}board:${boardId}:presence`,
  /** The sorted set of one board's connections on every node, scored by when each lapses. */
  seats: (boardId: string): string => `${PREFIX}board:${boardId}:seats`,
  /** The hash of who is on one board, a field per node (PeopleAcrossNodes.ts). */
  people: (boardId: string): string => `${PREFIX}board:${boardId}:people`,
  /** A node's heartbeat; it lapses when the node stops refreshing it. */
  node: (nodeId: string): string => `${PREFIX}node:${nodeId}`,
}

/** The board id of a presence channel name, or null when the name is not one. */
export function boardOfPresenceChannel(channel: string): string | null {
  const match = /^wb:board:(.+):presence$/.exec(channel)
  return match ? match[1]! : null
}

/** The board id of an update stream's key, or null when the key is not one. */
export function boardOfUpdatesKey(key: string): string | null {
  const match = /^wb:board:(.+):updates$/.exec(key)
  return match ? match[1]! : null
}
