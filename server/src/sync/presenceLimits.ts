import { MAX_CONNECTIONS_PER_BOARD } from '@whiteboard/shared'

/**
 * What presence (Yjs awareness) one connection, one board and the whole server may make the
 * server hold. Presence is never stored, but every state is kept in memory and relayed to
 * every peer until its sender leaves, so without these a few viewer links could fill the heap.
 */
export interface PresenceLimits {
  /** Awareness client ids one connection may announce; the next one closes it (RATE_LIMITED). */
  idsPerConnection: number
  /** Presence bytes a connection may hold while its board or the server is full (see PRESENCE_SHARE_BYTES). */
  shareBytes: number
  /** Presence bytes (JSON, as received) one board's states may take together. */
  bytesPerRoom: number
  /** Presence bytes all boards of this server may take together. */
  bytesPerProcess: number
}

/**
 * Awareness ids one connection may announce. Our web app announces exactly one. A stock
 * y-websocket client also relays the states of the other tabs of its browser on the same board
 * (over its BroadcastChannel); eight is a few tabs' worth.
 */
export const MAX_PRESENCE_IDS_PER_CONNECTION = 8

/**
 * A connection's fair share of a full board's presence: a person's state (name, colour,
 * cursor, camera, selection) is well under 1 KiB, and 40 KiB is a selection of several
 * hundred shapes. Only when the board or the server is full does it matter: a connection
 * holding more than this is closed, one holding less only has its new state left out.
 */
export const PRESENCE_SHARE_BYTES = 40 * 1024

/**
 * Presence bytes of one board: every connection the board admits (MAX_CONNECTIONS_PER_BOARD)
 * at its fair share, about 4 MiB. Honest rooms of 100 people stay near 100 KiB.
 */
export const MAX_PRESENCE_BYTES_PER_ROOM = MAX_CONNECTIONS_PER_BOARD * PRESENCE_SHARE_BYTES

/**
 * Presence bytes of all boards of the server. A parsed state takes a few times its JSON on the
 * heap, so 32 MiB of JSON stays within a few hundred MB even when filled on purpose, while
 * 30,000 honest people at 1 KiB each fit.
 */
export const MAX_PRESENCE_BYTES_PER_PROCESS = 32 * 1024 * 1024

export const DEFAULT_PRESENCE_LIMITS: PresenceLimits = {
  idsPerConnection: MAX_PRESENCE_IDS_PER_CONNECTION,
  shareBytes: PRESENCE_SHARE_BYTES,
  bytesPerRoom: MAX_PRESENCE_BYTES_PER_ROOM,
  bytesPerProcess: MAX_PRESENCE_BYTES_PER_PROCESS,
}
