import type * as Y from 'yjs'
import { facilitationMap } from '@whiteboard/shared'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { parsePrivateModeState, type PrivateModeState } from '@whiteboard/shared/facilitation/privateModeState'

/** Whether private mode is on in the board's doc. */
export function isPrivateModeOn(doc: Y.Doc): boolean {
  return readPrivateMode(doc)?.on === true
}

export function readPrivateMode(doc: Y.Doc): PrivateModeState | undefined {
  return parsePrivateModeState(facilitationMap(doc).get(FacilitationKey.PRIVATE_MODE))
}

/** A facilitator turns private mode on or off; the server refuses it from anyone else. */
export function setPrivateMode(doc: Y.Doc, on: boolean, now: number): void {
  const state: PrivateModeState = { on, since: now }
  facilitationMap(doc).set(FacilitationKey.PRIVATE_MODE, state)
}
