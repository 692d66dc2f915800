import WebSocket from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { BoardAccess } from '../servers/ServerUnderTest'
import { loopbackAddress } from '../clients/loopbackSocket'

const MESSAGE_SYNC = 0
const MESSAGE_AWARENESS = 1
const MESSAGE_AUTH = 2

/** Never changed: stands in for "a client that has nothing yet" in sync step 1 and 2. */
const EMPTY_DOC = new Y.Doc()

/**
 * A y-websocket protocol client that keeps no doc: it syncs, announces presence, can send an
 * update, and counts what it receives. The capacity benchmark holds 3,000 of these at once;
 * full providers with a 200-shape doc each would make the client process, not the server, the
 * thing being measured. The frames are the same ones a stock provider sends, built with
 * y-protocols.
 */
export class RawSyncClient {
  readonly synced: Promise<number>
  /**
   * Resolves when the server sends its own sync step 1, which a room sends a connection once
   * the board is loaded and the connection joined (a board still loading answers with its
   * stored snapshot before that).
   */
  readonly joined: Promise<void>
  updatesReceived = 0
  closeInfo: { code: number; reason: string } | null = null
  private readonly ws: WebSocket
  private readonly closed: Promise<void>
  private updateWaiters: (() => void)[] = []
  private markJoined: () => void = () => {}

  constructor(access: BoardAccess, socketIndex: number, presence: Record<string, unknown>) {
    const url = `${access.serverUrl}/${access.room}${access.token ? `?token=${encodeURIComponent(access.token)}` : ''}`
    this.ws = new WebSocket(url, { localAddress: loopbackAddress(socketIndex) })
    this.ws.binaryType = 'nodebuffer'
    this.closed = new Promise((done) => this.ws.once('close', () => done()))
    this.joined = new Promise((done) => (this.markJoined = done))
    this.synced = new Promise<number>((done, fail) => {
      this.ws.once('open', () => {
        this.send((enc) => {
          encoding.writeVarUint(enc, MESSAGE_SYNC)
          syncProtocol.writeSyncStep1(enc, EMPTY_DOC)
        })
        this.send((enc) => {
          encoding.writeVarUint(enc, MESSAGE_AWARENESS)
          encoding.writeVarUint8Array(enc, encodePresence(presence))
        })
      })
      this.ws.on('message', (data: Buffer) => {
        const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
        const type = decoding.readVarUint(decoder)
        if (type === MESSAGE_SYNC) {
          const sub = decoding.readVarUint(decoder)
          if (sub === syncProtocol.messageYjsSyncStep1) {
            this.markJoined()
            this.send((enc) => {
              encoding.writeVarUint(enc, MESSAGE_SYNC)
              syncProtocol.writeSyncStep2(enc, EMPTY_DOC, decoding.readVarUint8Array(decoder))
            })
          } else if (sub === syncProtocol.messageYjsSyncStep2) {
            done(data.byteLength)
          } else if (sub === syncProtocol.messageYjsUpdate) {
            this.updatesReceived++
            for (const waiter of this.updateWaiters.splice(0)) waiter()
          }
        } else if (type === MESSAGE_AUTH && decoding.readVarUint(decoder) === 0) {
          fail(new Error(`permission denied: ${decoding.readVarString(decoder)}`))
        }
      })
      this.ws.once('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() }
        fail(new Error(`closed before sync: ${code} ${reason.toString()}`))
        for (const waiter of this.updateWaiters.splice(0)) waiter()
      })
      this.ws.on('error', (err) => fail(err))
    })
    this.synced.catch(() => {})
  }

  sendUpdate(update: Uint8Array): void {
    this.send((enc) => {
      encoding.writeVarUint(enc, MESSAGE_SYNC)
      syncProtocol.writeUpdate(enc, update)
    })
  }

  /** Resolves once `count` updates have arrived in total (or the socket closed). */
  untilUpdates(count: number): Promise<void> {
    if (this.updatesReceived >= count || this.closeInfo) return Promise.resolve()
    return new Promise((done) => {
      const check = () => (this.updatesReceived >= count || this.closeInfo ? done() : this.updateWaiters.push(check))
      this.updateWaiters.push(check)
    })
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve()
    this.ws.close(1000)
    return this.closed
  }

  private send(write: (enc: encoding.Encoder) => void): void {
    const enc = encoding.createEncoder()
    write(enc)
    this.ws.send(encoding.toUint8Array(enc))
  }
}

/** A presence update from a fresh client id, encoded by y-protocols' own Awareness. */
function encodePresence(state: Record<string, unknown>): Uint8Array {
  const doc = new Y.Doc()
  const awareness = new awarenessProtocol.Awareness(doc)
  awareness.setLocalState(state)
  const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])
  awareness.destroy()
  doc.destroy()
  return update
}
