import * as encoding from 'lib0/encoding'
import type * as Y from 'yjs'
import * as syncProtocol from 'y-protocols/sync'
import * as authProtocol from 'y-protocols/auth'
import * as awarenessProtocol from 'y-protocols/awareness'

/**
 * Frame encoders of the standard y-websocket protocol (message type, then payload), built with
 * y-protocols so any stock y-websocket client understands them.
 */
export const MessageType = {
  SYNC: 0,
  AWARENESS: 1,
  AUTH: 2,
  QUERY_AWARENESS: 3,
} as const

export const SyncMessageType = {
  STEP1: syncProtocol.messageYjsSyncStep1,
  STEP2: syncProtocol.messageYjsSyncStep2,
  UPDATE: syncProtocol.messageYjsUpdate,
} as const

export function syncStep1Frame(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.SYNC)
  syncProtocol.writeSyncStep1(encoder, doc)
  return encoding.toUint8Array(encoder)
}

/** Answer to a sync step 1: what the doc has beyond the peer's state vector. Throws on a malformed state vector. */
export function syncStep2Frame(doc: Y.Doc, peerStateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.SYNC)
  syncProtocol.writeSyncStep2(encoder, doc, peerStateVector)
  return encoding.toUint8Array(encoder)
}

/**
 * A sync step 2 carrying `update` as it is, as its header and `update` itself: the answer to a
 * peer that has nothing (an empty state vector) when the whole state is already encoded, e.g.
 * the stored snapshot. Sent in parts (Connection.send), it is never copied: copying a 24 MiB
 * snapshot into one frame held the event loop 36-60 ms.
 */
export function syncStep2MessageOf(update: Uint8Array): readonly Uint8Array[] {
  return [syncHeader(SyncMessageType.STEP2, update.byteLength), update]
}

export function updateFrame(update: Uint8Array): Uint8Array {
  return framedPayload(SyncMessageType.UPDATE, update)
}

/** The same message as `updateFrame`, as its header and `update` itself, for prepareFrames to copy once. */
export function updateMessage(update: Uint8Array): readonly Uint8Array[] {
  return [syncHeader(SyncMessageType.UPDATE, update.byteLength), update]
}

/**
 * A sync message carrying `payload`, written into one buffer of the exact size. A lib0 encoder
 * grows by doubling and then concatenates, so a 75 kB update cost about 225 kB of short-lived
 * buffers; those live outside the JS heap, and the allocator keeps what a burst of them took.
 */
function framedPayload(syncType: number, payload: Uint8Array): Uint8Array {
  const header = syncHeader(syncType, payload.byteLength)
  const frame = new Uint8Array(header.byteLength + payload.byteLength)
  frame.set(header)
  frame.set(payload, header.byteLength)
  return frame
}

/** Message type, sync type and the payload's length as a lib0 varuint (7 bits a byte). */
function syncHeader(syncType: number, payloadLength: number): Uint8Array {
  const header = new Uint8Array(2 + varUintLength(payloadLength))
  header[0] = MessageType.SYNC
  header[1] = syncType
  let at = 2
  let n = payloadLength
  while (n > 0x7f) {
    header[at++] = 0x80 | (n & 0x7f)
    n = Math.floor(n / 128)
  }
  header[at] = n
  return header
}

/** Bytes of `n` as a lib0 varuint (7 bits a byte). */
function varUintLength(n: number): number {
  let length = 1
  while (n > 0x7f) {
    n = Math.floor(n / 128)
    length++
  }
  return length
}

export function awarenessFrame(awareness: awarenessProtocol.Awareness, clientIds: number[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.AWARENESS)
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clientIds))
  return encoding.toUint8Array(encoder)
}

/** An awareness update listing no clients: clients apply it as a no-op, and it resets their idle timer. */
export const KEEPALIVE_FRAME: Uint8Array = (() => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.AWARENESS)
  const empty = encoding.createEncoder()
  encoding.writeVarUint(empty, 0)
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(empty))
  return encoding.toUint8Array(encoder)
})()

/** The y-protocols auth "permission denied" message; y-websocket hands `reason` to its permission-denied handler. */
export function permissionDeniedFrame(reason: string): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.AUTH)
  authProtocol.writePermissionDenied(encoder, reason)
  return encoding.toUint8Array(encoder)
}
