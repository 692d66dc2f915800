/**
 * Messages framed for the websocket once, to be written as they are to every socket of a room.
 * A room sends the same bytes to all its clients; through `ws.send` each message was framed
 * again per client and reached the socket as two or four writes (header and payload, per
 * message), which at a hundred clients was a quarter of the server's time. Server-to-client
 * frames carry no mask (RFC 6455, section 5.1), so the framed bytes are the same for everyone.
 */
export interface PreparedFrames {
  /** The websocket frames, back to back. */
  readonly bytes: Buffer
  /** The messages they carry (views into `bytes`), for the counters and for sockets without a raw stream. */
  readonly messages: readonly Uint8Array[]
}

/**
 * A message to frame: its bytes, or its bytes in parts (e.g. a sync header and a large update),
 * which are copied only into the frame: a separate copy of a 75 kB update was one more large
 * short-lived buffer outside the JS heap for every broadcast.
 */
export type FramedMessage = Uint8Array | readonly Uint8Array[]

const FIN_BINARY = 0x82

/** Frames each message as one final, unmasked, binary websocket frame (RFC 6455, section 5.2). */
export function prepareFrames(messages: readonly FramedMessage[]): PreparedFrames {
  let total = 0
  for (const m of messages) total += headerLength(messageLength(m)) + messageLength(m)
  const bytes = Buffer.allocUnsafe(total)
  const views: Uint8Array[] = []
  let at = 0
  for (const m of messages) {
    const length = messageLength(m)
    bytes[at++] = FIN_BINARY
    if (length < 126) {
      bytes[at++] = length
    } else if (length < 0x10000) {
      bytes[at++] = 126
      bytes.writeUInt16BE(length, at)
      at += 2
    } else {
      bytes[at++] = 127
      bytes.writeBigUInt64BE(BigInt(length), at)
      at += 8
    }
    views.push(bytes.subarray(at, at + length))
    for (const part of parts(m)) {
      bytes.set(part, at)
      at += part.byteLength
    }
  }
  return { bytes, messages: views }
}

function parts(message: FramedMessage): readonly Uint8Array[] {
  return message instanceof Uint8Array ? [message] : message
}

/** The bytes of `message`, all its parts together. */
export function messageLength(message: FramedMessage): number {
  let length = 0
  for (const part of parts(message)) length += part.byteLength
  return length
}

function headerLength(payloadLength: number): number {
  return payloadLength < 126 ? 2 : payloadLength < 0x10000 ? 4 : 10
}
