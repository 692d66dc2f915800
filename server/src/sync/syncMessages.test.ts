import { describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { MessageType, SyncMessageType, syncStep2MessageOf, updateFrame, updateMessage } from './syncMessages'

/** The frame as y-protocols writes it, which stock clients read. */
function reference(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.SYNC)
  if (syncType === SyncMessageType.UPDATE) syncProtocol.writeUpdate(encoder, payload)
  else {
    encoding.writeVarUint(encoder, syncType)
    encoding.writeVarUint8Array(encoder, payload)
  }
  return encoding.toUint8Array(encoder)
}

describe('sync frames carrying a payload', () => {
  it('are byte for byte what y-protocols writes, at every length of the length prefix', () => {
    for (const length of [0, 1, 127, 128, 16_383, 16_384, 75_288, 2_097_151, 2_097_152]) {
      const payload = new Uint8Array(length).map((_, i) => (i * 31 + length) % 256)
      // Compared as Buffers: element-wise equality of megabyte arrays takes vitest a minute.
      expect(Buffer.from(updateFrame(payload)).equals(reference(SyncMessageType.UPDATE, payload)), `update of ${length} bytes`).toBe(true)
      expect(Buffer.concat(updateMessage(payload)).equals(reference(SyncMessageType.UPDATE, payload)), `update message of ${length} bytes`).toBe(true)
      expect(Buffer.concat(syncStep2MessageOf(payload)).equals(reference(SyncMessageType.STEP2, payload)), `step 2 of ${length} bytes`).toBe(true)
    }
  })
})
