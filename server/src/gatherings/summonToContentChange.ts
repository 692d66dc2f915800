import type * as Y from 'yjs'
import { facilitationMap, recordsArray } from '@whiteboard/shared'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { MAX_PAGE_COORDINATE } from '@whiteboard/shared/facilitation/facilitationLimits'
import { parseSummonRequest, type SummonRequest } from '@whiteboard/shared/facilitation/summonRequest'
import { boundsOf, pageShapeBoxes } from '@whiteboard/shared/gatherings/pageShapeBoxes'

/**
 * `by` of a summon made from the gathering overview. Clients skip a summon whose `by` is their
 * own presence user id; no person has this one, so everyone on the board moves.
 */
export const OVERVIEW_SUMMONER = 'gathering-overview'

/** Room around the content, as a share of its size, so notes at the edge are not cut. */
const MARGIN = 0.05
/** What an empty page is summoned to: tldraw's origin at a laptop screen's size. */
const EMPTY_PAGE_VIEW = { x: 0, y: 0, w: 1280, h: 720 }

/**
 * The doc change of "summon everyone" sent from the overview, where there is no viewport to
 * share: everyone on the board is brought to the whole content of its first page, the view a
 * facilitator would pick to start a plenary moment. Written in the summon layout the board's
 * own summon button uses (`seq` one past the last).
 */
export function summonToContentChange(doc: Y.Doc): void {
  const latest = new Map<string, unknown>()
  // YKeyValue's rule: the right-most entry of a key is its value.
  for (const entry of recordsArray(doc).toArray()) {
    if (entry !== null && typeof entry === 'object' && typeof entry.key === 'string') latest.set(entry.key, entry.val)
  }
  const { pageId, boxes } = pageShapeBoxes(latest.values())
  if (!pageId) return
  const content = boundsOf(boxes)
  const bounds = content ? padded(content) : EMPTY_PAGE_VIEW
  const state = facilitationMap(doc)
  const previous = parseSummonRequest(state.get(FacilitationKey.SUMMON))
  const next: SummonRequest = { seq: (previous?.seq ?? 0) + 1, by: OVERVIEW_SUMMONER, pageId, bounds }
  state.set(FacilitationKey.SUMMON, next)
}

function padded(b: { x: number; y: number; w: number; h: number }): SummonRequest['bounds'] {
  const clamp = (v: number) => Math.max(-MAX_PAGE_COORDINATE, Math.min(MAX_PAGE_COORDINATE, v))
  const dx = b.w * MARGIN
  const dy = b.h * MARGIN
  return { x: clamp(b.x - dx), y: clamp(b.y - dy), w: Math.min(MAX_PAGE_COORDINATE, b.w + 2 * dx), h: Math.min(MAX_PAGE_COORDINATE, b.h + 2 * dy) }
}
