import type * as Y from 'yjs'
import { facilitationMap } from '@whiteboard/shared'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { parseRestoreNotice, type RestoreNotice } from '@whiteboard/shared/facilitation/restoreNotice'

/**
 * Writes the notice of a restore into the board's facilitation map (`seq` one past the last), in
 * the restore's own change, so whoever sees the board change also learns why.
 * `versionAt`: when the restored version was taken; `now`: the server's clock.
 */
export function restoreNoticeChange(doc: Y.Doc, versionAt: number, now: number): void {
  const state = facilitationMap(doc)
  const previous = parseRestoreNotice(state.get(FacilitationKey.RESTORED))
  const notice: RestoreNotice = { seq: (previous?.seq ?? 0) + 1, at: now, versionAt }
  state.set(FacilitationKey.RESTORED, notice)
}
