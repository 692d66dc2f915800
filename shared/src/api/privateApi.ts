import { RestoreSnapshotBody } from './historyApi'

/**
 * The private-mode routes of a board (server/src/http/privateApi.ts), facilitator links only:
 * - `GET /api/boards/:id/private/counts`: how many private items each person holds, never what they are;
 * - `POST /api/boards/:id/private/reveal` `RevealBody`: moves every private item into the board in
 *   one change, and ends private mode.
 */

/** Who reveals, for the author of the `before-reveal` history snapshot; as a restore's body. */
export const RevealBody = RestoreSnapshotBody
export type RevealBody = RestoreSnapshotBody

/** One person's private items, counted. `personId` is their voter id, the key their votes carry too. */
export interface PrivateCount {
  personId: string
  /** The name the person's presence on the board shows now; empty when they are not on it. Never stored. */
  name: string
  items: number
}

export interface PrivateCountsResponse {
  people: PrivateCount[]
}

export interface RevealResponse {
  /** Records moved into the board. */
  revealed: number
  /** People whose private items were moved. */
  people: number
}
