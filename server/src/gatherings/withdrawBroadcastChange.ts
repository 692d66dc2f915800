import type * as Y from 'yjs'
import { facilitationMap } from '@whiteboard/shared'
import { parseBroadcastMessage } from '@whiteboard/shared/facilitation/broadcastMessage'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'

/**
 * The doc change that takes a board's broadcast back: the message stays, marked `withdrawn`, so
 * its `seq` goes on counting and the next broadcast still shows to someone who dismissed this
 * one. A board without a message, or whose message is already withdrawn, is left unchanged.
 */
export function withdrawBroadcastChange(doc: Y.Doc): void {
  const state = facilitationMap(doc)
  const message = parseBroadcastMessage(state.get(FacilitationKey.BROADCAST))
  if (!message || message.withdrawn) return
  state.set(FacilitationKey.BROADCAST, { ...message, withdrawn: true })
}
