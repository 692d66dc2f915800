import { CloseCode } from '@whiteboard/shared'
import { composeGuards, contentGuard, diskBudgetGuard, facilitatorOnlyGuard, roleGuard, type GuardVerdict, type UpdateGuard } from '../sync/updateGuard'
import { formatBytes } from '../sync/formatBytes'
import { parsePrivateDocKey } from './privateDocKey'

/**
 * Record types a private doc may hold: what a person draws and writes (shapes), the bindings
 * of their arrows, and the images they place. Pages, cameras and the document record belong to
 * the board; one revealed from a private doc would add a page or move everyone's view.
 */
const PRIVATE_RECORD_TYPES: ReadonlySet<string> = new Set(['shape', 'binding', 'asset'])

/**
 * A private doc holds board records only. The board's maps (`meta`, facilitation, votes) mean
 * something only on the board, where the guards that judge them run.
 */
export const privateLayoutGuard: UpdateGuard = (_update, { effect }) => {
  if (effect.mapWrites.length > 0 || effect.deletedMapEntries.length > 0) return refused('A private doc holds only shapes; settings and votes belong to the board')
  for (const { val } of effect.records) {
    const typeName = val !== null && typeof val === 'object' ? (val as { typeName?: unknown }).typeName : undefined
    if (typeof typeName !== 'string' || !PRIVATE_RECORD_TYPES.has(typeName)) return refused('A private doc holds only shapes, their bindings and images')
  }
  return { ok: true }
}

function refused(reason: string): GuardVerdict {
  return { ok: false, code: CloseCode.INVALID_UPDATE, reason }
}

/** As the board's size guard, in words about the person's own private items; deletions pass. */
function privateSizeGuard(maxBytes: number): UpdateGuard {
  return (update, { boardBytes, decoded }) => {
    if (decoded.structs.length === 0 || boardBytes + update.byteLength <= maxBytes) return { ok: true }
    return { ok: false, code: CloseCode.BOARD_TOO_LARGE, reason: `Your private items have reached their maximum size (${formatBytes(maxBytes)}); delete some, or ask the facilitator to reveal them` }
  }
}

/**
 * The guard of every private doc: the board's own guards (updateGuard.ts), not a second
 * validator. Viewers change nothing; records pass the same validation as on the board, under the
 * board's id (images must be the board's own); template scaffolding stays the facilitator's, so
 * a participant cannot bring locked scaffolding in through a reveal; and the doc has a size
 * limit of its own (MAX_PRIVATE_DOC_BYTES) beside the disk budget. The rooms of private docs go
 * by `privateDocKey`, so the board id is put back before the guards see it.
 */
export function createPrivateDocGuard(opts: { maxPrivateDocBytes: number; diskProblem?: () => string | null }): UpdateGuard {
  const size = opts.diskProblem ? composeGuards(privateSizeGuard(opts.maxPrivateDocBytes), diskBudgetGuard(opts.diskProblem)) : privateSizeGuard(opts.maxPrivateDocBytes)
  const guard = composeGuards(roleGuard, size, privateLayoutGuard, contentGuard, facilitatorOnlyGuard)
  return (update, ctx) => guard(update, { ...ctx, boardId: parsePrivateDocKey(ctx.boardId).boardId })
}
