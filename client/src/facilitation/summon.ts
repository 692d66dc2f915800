import type { Editor, TLPageId } from 'tldraw'
import type { SummonRequest } from '@whiteboard/shared/facilitation/summonRequest'

/** How long the camera glides to a summon; tldraw skips the animation for people who prefer reduced motion. */
export const SUMMON_ANIMATION_MS = 400

/** The next summon: the facilitator's current viewport on the current page. */
export function summonHere(editor: Editor, previous: SummonRequest | undefined, by: string): SummonRequest {
  const b = editor.getViewportPageBounds()
  return { seq: (previous?.seq ?? 0) + 1, by, pageId: editor.getCurrentPageId(), bounds: { x: b.x, y: b.y, w: b.w, h: b.h } }
}

/**
 * Whether this client should act on `summon`: a request it has not seen (`seq` differs from
 * the last one acted on or found on joining), made by someone else.
 */
export function isNewSummon(summon: SummonRequest | undefined, lastSeenSeq: number | undefined, selfUserId: string): summon is SummonRequest {
  return summon !== undefined && summon.seq !== lastSeenSeq && summon.by !== selfUserId
}

/** Moves the camera to show the summoner's view: to their page, then fitting their viewport. Following someone stops. */
export function goToSummon(editor: Editor, summon: SummonRequest, animate: boolean): void {
  editor.stopFollowingUser()
  const pageId = summon.pageId as TLPageId
  if (pageId !== editor.getCurrentPageId() && editor.getPage(pageId)) editor.setCurrentPage(pageId)
  editor.zoomToBounds(summon.bounds, { inset: 0, ...(animate ? { animation: { duration: SUMMON_ANIMATION_MS } } : {}) })
}
