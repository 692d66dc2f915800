/**
 * `201` answer of `POST /api/boards/:id/voter` (participant or facilitator token in
 * `Authorization: Bearer`; viewers 403): a new voter on the board. The browser keeps it per
 * board and sends the token when it connects (shared/src/protocol/syncUrl.ts); the server then
 * lets that connection write votes under `voterId` and no other key.
 */
export interface VoterResponse {
  voterId: string
  voterToken: string
}
