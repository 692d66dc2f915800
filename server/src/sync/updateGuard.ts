import type * as Y from 'yjs'
import { canEdit, CloseCode, type Role } from '@whiteboard/shared'
import type { DecodedUpdate } from './updateEffect'

export interface UpdateContext {
  boardId: string
  role: Role
  /** The room's doc as committed so far; read it, never write it. */
  doc: Y.Doc
  /** The update decoded by `analyzeUpdate`, to inspect inserted content without applying it. */
  decoded: DecodedUpdate
}

export type GuardVerdict = { ok: true } | { ok: false; code: CloseCode; reason: string }

/**
 * The checkpoint every update that would change a board passes before the room commits it.
 * A refusal closes the sender's connection with the verdict's code and reason; nothing of the
 * update reaches storage or peers. Further checks (record validation, board size, facilitator-only
 * state) are added by composing guards.
 */
export type UpdateGuard = (update: Uint8Array, ctx: UpdateContext) => GuardVerdict

const OK: GuardVerdict = { ok: true }

/** Viewers read, see presence and export; any change from them is refused. */
export const roleGuard: UpdateGuard = (_update, ctx) =>
  canEdit(ctx.role) ? OK : { ok: false, code: CloseCode.FORBIDDEN, reason: 'Viewers cannot change this board' }

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

export const defaultUpdateGuard: UpdateGuard = composeGuards(roleGuard)
