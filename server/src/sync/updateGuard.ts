import type * as Y from 'yjs'
import { canEdit, canFacilitate, CloseCode, DOC_FACILITATION, DOC_META, DOC_VOTES, facilitationMap, MAX_BOARD_BYTES, type Role } from '@whiteboard/shared'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { parseVoteEntry } from '@whiteboard/shared/facilitation/voteEntry'
import { parseVotingRound } from '@whiteboard/shared/facilitation/votingRound'
import { checkRecord } from '@whiteboard/shared/board/recordGuard'
import { mapValueProblem, SERVER_META_KEYS } from './mapValueRules'
import { isProtectedValue, isScaffoldingValue, type ScaffoldingIndex } from './ScaffoldingIndex'
import type { DecodedUpdate, UpdateEffect } from './updateEffect'
import { formatBytes } from './formatBytes'
import { frozenBoardGuard } from './frozenBoardGuard'
import { jsonEqual } from './jsonEqual'

export interface UpdateContext {
  boardId: string
  role: Role
  /** The voter id bound to the connection at connect (a verified voter token), if any. */
  voterId: string | undefined
  /** The room's doc as committed so far; read it, never write it. */
  doc: Y.Doc
  /** The update decoded once by the connection, to inspect inserted content without applying it. */
  decoded: DecodedUpdate
  /** What the update would insert, set and delete (updateEffect.ts). */
  effect: UpdateEffect
  /** Live entries of template scaffolding in the room's doc. */
  scaffolding: ScaffoldingIndex
  /** Bytes the board takes in storage, with what is queued to be committed. */
  boardBytes: number
}

export type GuardVerdict = { ok: true } | { ok: false; code: CloseCode; reason: string }

/**
 * The checkpoint every update that would change a board passes before the room commits it.
 * A refusal closes the sender's connection with the verdict's code and reason; nothing of the
 * update reaches storage or peers. Guards are composed; the first refusal wins.
 */
export type UpdateGuard = (update: Uint8Array, ctx: UpdateContext) => GuardVerdict

const OK: GuardVerdict = { ok: true }

/** Viewers read, see presence and export; any change from them is refused. */
export const roleGuard: UpdateGuard = (_update, ctx) =>
  canEdit(ctx.role) ? OK : { ok: false, code: CloseCode.FORBIDDEN, reason: 'Viewers cannot change this board' }

/**
 * The board's `meta` map belongs to the server. Its schema tells every client how to read the
 * records, so a wrong one could hide the whole board from everyone (storedSchema.ts): no
 * client writes or deletes it, nor the template provenance, whatever its role. A facilitator
 * may set the title and the language (contentGuard checks the values), and may remove neither:
 * a deletion passes only as the overwrite of the same key. Participants change nothing here.
 * Runs before contentGuard, so a participant is told who may, not what was wrong.
 */
export const metaGuard: UpdateGuard = (_update, { role, effect }) => {
  const writes = effect.mapWrites.filter((w) => w.root === DOC_META)
  const deletes = effect.deletedMapEntries.filter((d) => d.root === DOC_META)
  if (writes.length === 0 && deletes.length === 0) return OK
  if (!canFacilitate(role)) return facilitatorOnly("Only a facilitator can change the board's title and language")
  if ([...writes, ...deletes].some((entry) => SERVER_META_KEYS.has(entry.key))) {
    return { ok: false, code: CloseCode.FORBIDDEN, reason: "Only the server writes the board's schema and template list" }
  }
  const written = new Set(writes.map((w) => w.key))
  if (deletes.some((d) => !written.has(d.key))) return facilitatorOnly("The board's title and language can be changed, not removed")
  return OK
}

/**
 * Every record an update inserts must pass `@tldraw/tlschema` (unknown types, malformed ids,
 * wrong field types, forbidden keys, oversize text, session records), and every map value
 * its contract. Applies to every role: a facilitator link can leak too.
 */
export const contentGuard: UpdateGuard = (_update, { boardId, effect }) => {
  for (const { key, val } of effect.records) {
    const check = checkRecord(key, val, { boardId })
    if (!check.ok) return { ok: false, code: CloseCode.INVALID_UPDATE, reason: `Refused an invalid record: ${check.reason}` }
  }
  for (const { root, key, val } of effect.mapWrites) {
    const problem = mapValueProblem(root, key, val)
    if (problem) return { ok: false, code: CloseCode.INVALID_UPDATE, reason: `Refused an invalid value: ${problem}` }
  }
  return OK
}

const SCAFFOLDING_REASON = 'Only a facilitator can change or unlock the template scaffolding'
export const FACILITATOR_LOCK_REASON = 'Only a facilitator can change or unlock what a facilitator locked'

/** Why a change to a protected value is refused: scaffolding, if either side is, else a facilitator lock. */
function protectedReason(...vals: unknown[]): GuardVerdict {
  return facilitatorOnly(vals.some(isScaffoldingValue) ? SCAFFOLDING_REASON : FACILITATOR_LOCK_REASON)
}

/**
 * What only a facilitator may do, judged by the update's effect on the board rather than by
 * its raw operations:
 * - template scaffolding, and shapes under a facilitator's lock (shared/src/board/
 *   facilitatorLock.ts): a participant may not insert such a value other than the one shown
 *   now, nor give such a key another value (unlocking included: tldraw's "Unlock all" sets
 *   `isLocked` false), nor delete the entry YKeyValue shows.
 *   Deleting a superseded duplicate of a key whose newer entry stays is YKeyValue's own
 *   housekeeping, which every client does, and passes;
 * - the facilitation map (timer, voting, summon, presenting, run sheet): no writes, no deletions;
 * - votes: no deletion other than the overwrite of an entry (voteGuard judges whose).
 */
export const facilitatorOnlyGuard: UpdateGuard = (_update, { role, effect, scaffolding }) => {
  if (canFacilitate(role)) return OK
  for (const write of effect.mapWrites) {
    if (write.root === DOC_FACILITATION) return facilitatorOnly('Only a facilitator can control the timer, voting, summon, presenting and the run sheet')
  }
  // One look-up per deletion: an update may hold tens of thousands of both.
  const written = new Set(effect.mapWrites.map((w) => mapEntryId(w.root, w.key)))
  for (const deleted of effect.deletedMapEntries) {
    if (deleted.root === DOC_FACILITATION) return facilitatorOnly('Only a facilitator can control the timer, voting, summon, presenting and the run sheet')
    if (!written.has(mapEntryId(deleted.root, deleted.key))) return facilitatorOnly(deleted.root === DOC_VOTES ? OWN_VOTES_REASON : 'Only a facilitator can remove board settings')
  }
  for (const { key, val } of effect.records) {
    // Tracked keys only: for any other key the value shown now is not scaffolding.
    const shown = scaffolding.current(key)
    const involved = isProtectedValue(val) || (shown !== undefined && isProtectedValue(shown.val))
    if (involved && (!shown || !jsonEqual(val, shown.val))) return protectedReason(val, shown?.val)
  }
  for (const deleted of effect.deletedRecords) {
    // An entry of an update not applied yet: honest participants never write scaffolding at all.
    if (!deleted.item) {
      if (isProtectedValue(deleted.val)) return protectedReason(deleted.val)
      continue
    }
    const shown = scaffolding.current(deleted.key)
    if (!shown || !isProtectedValue(shown.val)) continue
    if (shown.item !== deleted.item || shown.offset !== deleted.offset) continue
    // The shown scaffolding entry goes; only writing the very same value again keeps it shown.
    const rewritten = effect.records.some((r) => r.key === deleted.key && jsonEqual(r.val, shown.val))
    if (!rewritten) return protectedReason(shown.val)
  }
  return OK
}

/** A map entry as one string: root names hold no NUL. */
function mapEntryId(root: string, key: string): string {
  return `${root}\u0000${key}`
}

const OWN_VOTES_REASON = 'You can change only your own votes'

/**
 * Votes, for every role (a leaked facilitator link must not stuff the ballot either): an
 * update may write a votes entry only under the voter id bound to its connection, i.e. proved
 * by the voter token it presented at connect, never under a key the client merely claims. An
 * entry for the running round holds at most that round's votes per person, each note once.
 *
 * An entry for another round is let through: counting ignores it (client/src/facilitation/
 * voting.ts), the schema bounds its size, and an honest client sends one when its vote
 * crossed the facilitator's next round on the wire, or when it voted offline and comes back
 * after the round changed. Refusing it would close that person's connection for nothing.
 * Nor is a vote refused once the round is closed, for the same reason (a dot placed as the
 * facilitator closes the round); a voter can then move only their own dots.
 */
export const voteGuard: UpdateGuard = (_update, { voterId, effect, doc }) => {
  const writes = effect.mapWrites.filter((w) => w.root === DOC_VOTES)
  if (writes.length === 0) return OK
  const round = parseVotingRound(facilitationMap(doc).get(FacilitationKey.VOTING))
  for (const write of writes) {
    if (voterId === undefined) return facilitatorOnly('This connection has no voter identity, so it cannot vote; reload the page to get one')
    if (write.key !== voterId) return facilitatorOnly(OWN_VOTES_REASON)
    const entry = parseVoteEntry(write.val)
    if (!round || !entry || entry.roundId !== round.roundId) continue
    if (entry.noteIds.length > round.votesPerPerson) return facilitatorOnly(`At most ${round.votesPerPerson} votes per person in this round`)
    if (new Set(entry.noteIds).size !== entry.noteIds.length) return facilitatorOnly('At most one vote per note')
  }
  return OK
}

/**
 * Refuses writes that add content once the board holds `maxBytes`, its images included
 * (Room.boardBytes). Deletions still pass, so a facilitator can make room; the size drops at
 * the next compaction.
 */
export function boardSizeGuard(maxBytes: number): UpdateGuard {
  return (update, { boardBytes, decoded }) => {
    if (decoded.structs.length === 0) return OK
    if (boardBytes + update.byteLength <= maxBytes) return OK
    return {
      ok: false,
      code: CloseCode.BOARD_TOO_LARGE,
      reason: `The board has reached its maximum size (${formatBytes(maxBytes)}); nothing more can be added`,
    }
  }
}

/**
 * Refuses writes that add content while the server's disk budget is reached (`problem` gives
 * why, storage/DiskBudget.ts); deletions still pass, as they are how space comes back. The
 * code is 4500 (storage unavailable), which is not terminal: the client keeps its edits and
 * sends them again when it reconnects, and they go through once there is room.
 */
export function diskBudgetGuard(problem: () => string | null): UpdateGuard {
  return (_update, { decoded }) => {
    if (decoded.structs.length === 0) return OK
    const why = problem()
    if (!why) return OK
    return { ok: false, code: CloseCode.STORAGE_UNAVAILABLE, reason: `Nothing more can be added now: ${why}` }
  }
}

function facilitatorOnly(reason: string): GuardVerdict {
  return { ok: false, code: CloseCode.FACILITATOR_ONLY, reason }
}

/** Runs guards in order; the first refusal wins. */
export function composeGuards(...guards: UpdateGuard[]): UpdateGuard {
  return (update, ctx) => {
    for (const guard of guards) {
      const verdict = guard(update, ctx)
      if (!verdict.ok) return verdict
    }
    return OK
  }
}

/** The server's guard: roles, board size, the server's own `meta`, record and value validation, facilitator-only state, a frozen board, own votes. */
export function createUpdateGuard(opts: { maxBoardBytes: number; diskProblem?: () => string | null }): UpdateGuard {
  const size = opts.diskProblem ? composeGuards(boardSizeGuard(opts.maxBoardBytes), diskBudgetGuard(opts.diskProblem)) : boardSizeGuard(opts.maxBoardBytes)
  return composeGuards(roleGuard, size, metaGuard, contentGuard, facilitatorOnlyGuard, frozenBoardGuard, voteGuard)
}

export const defaultUpdateGuard: UpdateGuard = createUpdateGuard({ maxBoardBytes: MAX_BOARD_BYTES })
